package io.databroker.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedSource;

class FeedsHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));

    @Test
    void healthyWhileOneFeedStillWorks() {
        FeedState good = feed("https://a.example/good");
        FeedState bad = feed("https://a.example/bad");
        good.health().succeeded();
        bad.health().failed("malformed");
        clock.advance(Duration.ofHours(2));

        FeedsHealth.Status status = new FeedsHealth(List.of(good, bad)).status();

        assertThat(status).isEqualTo(new FeedsHealth.Status(true, 2, 0, 1, 1));
    }

    @Test
    void unhealthyWhenEveryActiveFeedFailsLongerThanTheThreshold() {
        FeedState a = feed("https://a.example/a");
        FeedState b = feed("https://a.example/b");
        a.health().failed("io_error");
        b.health().failed("io_error");

        assertThat(new FeedsHealth(List.of(a, b)).status().healthy()).as("within the threshold").isTrue();
        clock.advance(Duration.ofMinutes(31));
        assertThat(new FeedsHealth(List.of(a, b)).status()).isEqualTo(new FeedsHealth.Status(false, 2, 0, 2, 2));
    }

    @Test
    void goneFeedsDoNotCountAndNoFeedsIsHealthy() {
        FeedState gone = feed("https://a.example/gone");
        FeedState failing = feed("https://a.example/failing");
        gone.health().failed("http_error");
        gone.disable("HTTP 410");
        failing.health().failed("io_error");
        clock.advance(Duration.ofHours(1));

        assertThat(new FeedsHealth(List.of(gone)).status()).isEqualTo(new FeedsHealth.Status(true, 0, 1, 0, 0));
        assertThat(new FeedsHealth(List.of(gone, failing)).status().healthy()).isFalse();
        assertThat(new FeedsHealth(List.of()).status().healthy()).isTrue();
    }

    private FeedState feed(String url) {
        return new FeedState(new FeedSource(URI.create(url), null, null, Duration.ofMinutes(10)), FeedCursor.empty(url),
                new PollHealth(clock, Duration.ofMinutes(30)));
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
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
