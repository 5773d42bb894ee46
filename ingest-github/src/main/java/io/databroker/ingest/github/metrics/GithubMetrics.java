package io.databroker.ingest.github.metrics;

import java.util.concurrent.atomic.AtomicLong;

import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters only ingest-github has, next to ingest-core's {@code IngestMetrics}: possible gaps in the live feed,
 * the Events API rate limit left, and GH Archive hours by outcome. Tagged {@code source="github"} like the rest.
 */
public final class GithubMetrics {

    /** Counter: live polls whose pages no longer overlapped the previous poll, so events may have been missed. */
    public static final String LIVE_GAPS = "broker.ingest.github.gaps";
    /** Gauge: {@code X-RateLimit-Remaining} of the last Events API response (NaN before the first). */
    public static final String RATE_LIMIT_REMAINING = "broker.ingest.github.rate.limit.remaining";
    /** Counter, tag {@code result} ({@link HourResult}): GH Archive hours finished. */
    public static final String ARCHIVE_HOURS = "broker.ingest.github.archive.hours";

    /** How a GH Archive hour ended; the lower-case name is the {@code result} tag. */
    public enum HourResult {
        /** Every line read and published (or counted as skipped). */
        COMPLETE,
        /** 404 long after the hour: GH Archive has no file for it; skipped. */
        MISSING;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final AtomicLong rateLimitRemaining = new AtomicLong(-1);

    public GithubMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(RATE_LIMIT_REMAINING, rateLimitRemaining, v -> v.get() < 0 ? Double.NaN : v.get())
                .tag(MetricNames.TAG_SOURCE, Source.GITHUB.id())
                .description("X-RateLimit-Remaining of the last Events API response")
                .register(registry);
    }

    public void gap() {
        registry.counter(LIVE_GAPS, MetricNames.TAG_SOURCE, Source.GITHUB.id()).increment();
    }

    public void rateLimitRemaining(long remaining) {
        rateLimitRemaining.set(remaining);
    }

    public void hour(HourResult result) {
        registry.counter(ARCHIVE_HOURS, MetricNames.TAG_SOURCE, Source.GITHUB.id(), MetricNames.TAG_RESULT, result.tag())
                .increment();
    }
}
