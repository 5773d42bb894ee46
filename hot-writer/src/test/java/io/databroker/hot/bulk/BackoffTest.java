package io.databroker.hot.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void doublesTheCapPerAttempt() {
        Backoff highest = new Backoff(INITIAL, MAX, () -> 0.999999);

        assertThat(highest.delay(1)).isEqualTo(Duration.ofMillis(199));
        assertThat(highest.delay(2)).isEqualTo(Duration.ofMillis(399));
        assertThat(highest.delay(3)).isEqualTo(Duration.ofMillis(799));
    }

    @Test
    void alwaysWaitsAtLeastHalfTheCap() {
        Backoff lowest = new Backoff(INITIAL, MAX, () -> 0.0);

        assertThat(lowest.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(lowest.delay(4)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void neverExceedsTheMaximumHoweverManyAttempts() {
        Backoff highest = new Backoff(INITIAL, MAX, () -> 0.999999);

        assertThat(highest.delay(20)).isLessThanOrEqualTo(MAX).isGreaterThanOrEqualTo(MAX.dividedBy(2));
        assertThat(highest.delay(Integer.MAX_VALUE)).isLessThanOrEqualTo(MAX);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, Math::random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(MAX, INITIAL, Math::random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(INITIAL, MAX, Math::random).delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
