package io.databroker.enrich.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.databroker.shared.topic.TopicSettings;

/**
 * Configuration of enrich-service, bound from {@code broker.*}: its own group {@code broker.enrich} and the topic
 * settings every service shares ({@code broker.topics}). Kafka client settings (bootstrap servers, security) come
 * from {@code spring.kafka.*}; extra Streams settings from {@code spring.kafka.streams.properties.*}; the state
 * directory from {@code spring.kafka.streams.state-dir} (env {@code SPRING_KAFKA_STREAMS_STATE_DIR}).
 *
 * @param enrich the Streams application
 * @param topics how the raw, enriched, dead-letter and join-table topics are created at start-up
 */
@ConfigurationProperties("broker")
@Validated
public record EnrichProperties(@Valid @NotNull Enrich enrich, TopicSettings topics) {

    public EnrichProperties {
        topics = topics == null ? TopicSettings.defaults() : topics;
    }

    /**
     * @param applicationId   Kafka Streams {@code application.id}: consumer group, transactional id prefix and
     *                        internal topic prefix; changing it restarts processing from the beginning
     *                        (env {@code BROKER_ENRICH_APPLICATION_ID})
     * @param maxRecordBytes  raw records with larger values are dead-lettered as {@code oversized}
     *                        (env {@code BROKER_ENRICH_MAX_RECORD_BYTES})
     * @param maxDocumentBytes enriched documents whose JSON is larger are dead-lettered as {@code oversized}: they
     *                        would not fit the enriched topic (env {@code BROKER_ENRICH_MAX_DOCUMENT_BYTES})
     * @param dedupWindow     how long a document id is remembered: a redelivery within it is dropped, a changed
     *                        news item passes as an update (env {@code BROKER_ENRICH_DEDUP_WINDOW})
     * @param standbyReplicas warm copies of each task's state (dedupe and aggregate stores) on other instances, so a
     *                        fail-over does not replay the changelogs (env {@code BROKER_ENRICH_STANDBY_REPLICAS})
     * @param commitInterval  how often the exactly-once transaction commits; downstream readers see enriched records
     *                        only after it. 50 ms, half of Streams' own default, took 0.15 s off produce → searchable
     *                        at p99 with no measurable CPU at 1,000 events/s (BENCHMARKS.md, e2e.LatencyBench)
     *                        (env {@code BROKER_ENRICH_COMMIT_INTERVAL})
     * @param closeTimeout    how long shutdown waits for Streams to commit and close
     * @param topicSuffix     appended to the name of every topic the service reads, writes and creates (raw,
     *                        enriched, dead-letter, join tables), so that several pipelines can share one cluster
     *                        (tests, staging); empty in production (env {@code BROKER_ENRICH_TOPIC_SUFFIX})
     */
    public record Enrich(
            @DefaultValue("data-broker-enrich") @NotBlank String applicationId,
            @DefaultValue("1MB") @NotNull DataSize maxRecordBytes,
            @DefaultValue("1020KB") @NotNull DataSize maxDocumentBytes,
            @DefaultValue("7d") @NotNull Duration dedupWindow,
            @DefaultValue("0") @Min(0) int standbyReplicas,
            @DefaultValue("50ms") @NotNull Duration commitInterval,
            @DefaultValue("30s") @NotNull Duration closeTimeout,
            @DefaultValue("") String topicSuffix) {

        public Enrich {
            topicSuffix = topicSuffix == null ? "" : topicSuffix;
        }
    }
}
