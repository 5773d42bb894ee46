package io.databroker.enrich.topology;

import java.time.Clock;
import java.util.Objects;

import io.databroker.shared.topic.Topic;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Everything {@link EnrichTopology#build} needs: limits, the clock for {@code enriched_at}, the meter registry
 * for the dead-letter and processed counters, and a topic-name suffix (empty in production; integration tests
 * use one so that they can share a broker).
 *
 * @param maxRecordBytes raw records with larger values are dead-lettered as oversized
 * @param topicSuffix    appended to every topic name of ARCHITECTURE §3
 */
public record EnrichSettings(long maxRecordBytes, String topicSuffix, Clock clock, MeterRegistry meters) {

    /** The stage recorded on dead letters from validation, {@code broker.errors.stage}. */
    public static final String VALIDATE_STAGE = "enrich-service/validate";
    /** The stage recorded on dead letters from normalization. */
    public static final String NORMALIZE_STAGE = "enrich-service/normalize";

    public EnrichSettings {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
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
