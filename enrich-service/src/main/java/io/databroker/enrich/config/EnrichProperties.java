package io.databroker.enrich.config;

import java.time.Duration;

import jakarta.validation.Valid;
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
 * from {@code spring.kafka.*}; extra Streams settings from {@code spring.kafka.streams.properties.*}.
 *
 * @param enrich the Streams application
 * @param topics how the raw, enriched and dead-letter topics are created at start-up
 */
@ConfigurationProperties("broker")
@Validated
public record EnrichProperties(@Valid @NotNull Enrich enrich, TopicSettings topics) {

    public EnrichProperties {
        topics = topics == null ? TopicSettings.defaults() : topics;
    }

    /**
     * @param applicationId  Kafka Streams {@code application.id}: consumer group, transactional id prefix and
     *                       internal topic prefix; changing it restarts processing from the beginning
     * @param maxRecordBytes raw records with larger values are dead-lettered as {@code oversized}
     *                       (env {@code BROKER_ENRICH_MAX_RECORD_BYTES})
     * @param closeTimeout   how long shutdown waits for Streams to commit and close
     */
    public record Enrich(
            @DefaultValue("data-broker-enrich") @NotBlank String applicationId,
            @DefaultValue("1MB") @NotNull DataSize maxRecordBytes,
            @DefaultValue("30s") @NotNull Duration closeTimeout) {
    }
}
