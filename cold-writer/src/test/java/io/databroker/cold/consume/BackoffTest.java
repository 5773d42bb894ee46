package io.databroker.cold.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void doublesTheDelayUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(backoff.failed(T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failed(T0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.failed(T0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.failed(T0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.failed(T0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void isReadyOnlyOnceTheDelayPassed() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertThat(backoff.ready(T0)).isTrue();

        backoff.failed(T0);

        assertThat(backoff.ready(T0.plusMillis(1999))).isFalse();
        assertThat(backoff.ready(T0.plusSeconds(2))).isTrue();
    }

    @Test
    void startsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        backoff.failed(T0);
        backoff.failed(T0);

        backoff.reset();

        assertThat(backoff.ready(T0)).isTrue();
        assertThat(backoff.failed(T0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void waitsTheMaximumForFailuresAnOperatorMustFix() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

        assertThat(backoff.failedHard(T0)).isEqualTo(Duration.ofSeconds(60));
    }
}
