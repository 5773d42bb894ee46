package io.databroker.ingest.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class PollHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final PollHealth health = new PollHealth(clock, Duration.ofMinutes(30));

    @Test
    void healthyBeforeTheFirstPoll() {
        assertThat(health.isHealthy()).isTrue();
        assertThat(health.lastSuccess()).isEmpty();
    }

    @Test
    void staysHealthyWhileFailuresAreYoungerThanTheThreshold() {
        health.failed("throttled: HTTP 503");
        clock.advance(Duration.ofMinutes(30));

        assertThat(health.isHealthy()).isTrue();
        assertThat(health.lastProblem()).contains("throttled: HTTP 503");
    }

    @Test
    void turnsUnhealthyWhenFailingLongerThanTheThresholdCountedFromTheFirstFailure() {
        health.failed("io_error: connection refused");
        clock.advance(Duration.ofMinutes(20));
        health.failed("io_error: connection refused");
        clock.advance(Duration.ofMinutes(11));

        assertThat(health.isHealthy()).isFalse();
        assertThat(health.failingSince()).contains(Instant.parse("2026-01-05T10:00:00Z"));
    }

    @Test
    void oneSuccessMakesItHealthyAgain() {
        health.failed("malformed: not XML");
        clock.advance(Duration.ofHours(1));
        health.succeeded();

        assertThat(health.isHealthy()).isTrue();
        assertThat(health.failingSince()).isEmpty();
        assertThat(health.lastSuccess()).contains(Instant.parse("2026-01-05T11:00:00Z"));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
