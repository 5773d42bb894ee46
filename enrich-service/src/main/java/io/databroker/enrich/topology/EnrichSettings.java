package io.databroker.enrich.topology;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.databroker.shared.topic.Topic;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Everything {@link EnrichTopology#build} needs: limits, the dedupe window, the clock for {@code enriched_at}, the
 * meter registry, and a topic-name suffix (empty in production; integration tests and the benchmark use one so that
 * they can share a broker).
 *
 * @param maxRecordBytes raw records with larger values are dead-lettered as oversized
 * @param dedupWindow    how long a document id is remembered for deduplication
 * @param topicSuffix    appended to every topic name of ARCHITECTURE §3 and {@link EnrichTopics}
 */
public record EnrichSettings(long maxRecordBytes, Duration dedupWindow, String topicSuffix, Clock clock,
                             MeterRegistry meters) {

    /** The stage recorded on dead letters from validation, {@code broker.errors.stage}. */
    public static final String VALIDATE_STAGE = "enrich-service/validate";
    /** The stage recorded on dead letters from normalization. */
    public static final String NORMALIZE_STAGE = "enrich-service/normalize";
    /** The default of {@code broker.enrich.dedup-window}. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);

    public EnrichSettings {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
        }
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("dedupWindow must be positive, was " + dedupWindow);
        }
        topicSuffix = topicSuffix == null ? "" : topicSuffix;
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(meters, "meters");
    }

    /** The deployed name of {@code topic}. */
    public String name(Topic topic) {
        return topic.name() + topicSuffix;
    }
}
