package io.databroker.ingest.news.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class PollHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final PollHealth health = new PollHealth(clock, Duration.ofMinutes(30));

    @Test
    void healthyDuringGracePeriodAfterStart() {
        health.roundFinished(2, 0);
        clock.advance(Duration.ofMinutes(29));

        assertThat(health.isHealthy()).isTrue();
    }

    @Test
    void unhealthyWhenEveryFeedFailedLongerThanThreshold() {
        health.roundFinished(2, 0);
        clock.advance(Duration.ofMinutes(31));
        health.roundFinished(2, 0);

        assertThat(health.isHealthy()).isFalse();
        assertThat(health.lastProblem()).isEqualTo("all 2 feeds failed in the last round");
    }

    @Test
    void oneReachableFeedKeepsTheServiceHealthy() {
        clock.advance(Duration.ofMinutes(31));
        health.roundFinished(3, 1);

        assertThat(health.isHealthy()).isTrue();
        assertThat(health.lastProblem()).isNull();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
