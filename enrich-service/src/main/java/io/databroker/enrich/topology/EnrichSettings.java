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
 * @param maxRecordBytes   raw records with larger values are dead-lettered as oversized
 * @param maxDocumentBytes enriched documents with larger JSON are dead-lettered as oversized (they would not fit
 *                         the enriched topic)
 * @param dedupWindow    how long a document id is remembered for deduplication
 * @param topicSuffix    appended to every topic name of ARCHITECTURE §3 and {@link EnrichTopics}
 */
public record EnrichSettings(long maxRecordBytes, long maxDocumentBytes, Duration dedupWindow, String topicSuffix,
                             Clock clock, MeterRegistry meters) {

    /** The stage recorded on dead letters from validation, {@code broker.errors.stage}. */
    public static final String VALIDATE_STAGE = "enrich-service/validate";
    /** The stage recorded on dead letters from normalization. */
    public static final String NORMALIZE_STAGE = "enrich-service/normalize";
    /** The stage recorded on enriched documents too large for their topic. */
    public static final String ENRICH_STAGE = "enrich-service/enrich";
    /**
     * The default of {@code broker.enrich.max-document-bytes}: 1020 KiB, under the broker's default
     * {@code message.max.bytes} (1 MiB + 12 bytes) with room for the key, the headers and the batch framing.
     */
    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 1020 * 1024;
    /** The default of {@code broker.enrich.dedup-window}. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofDays(7);

    public EnrichSettings {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, was " + maxRecordBytes);
        }
        if (maxDocumentBytes < 1) {
            throw new IllegalArgumentException("maxDocumentBytes must be positive, was " + maxDocumentBytes);
        }
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (dedupWindow.isNegative() || dedupWindow.isZero()) {
            throw new IllegalArgumentException("dedupWindow must be positive, was " + dedupWindow);
        }
        topicSuffix = topicSuffix == null ? "" : topicSuffix;
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(meters, "meters");
    }

    /** Settings with the default {@link #DEFAULT_MAX_DOCUMENT_BYTES}. */
    public EnrichSettings(long maxRecordBytes, Duration dedupWindow, String topicSuffix, Clock clock, MeterRegistry meters) {
        this(maxRecordBytes, DEFAULT_MAX_DOCUMENT_BYTES, dedupWindow, topicSuffix, clock, meters);
    }

    /** The deployed name of {@code topic}. */
    public String name(Topic topic) {
        return topic.name() + topicSuffix;
    }
}
