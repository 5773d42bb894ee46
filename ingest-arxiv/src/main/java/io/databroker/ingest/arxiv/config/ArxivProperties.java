package io.databroker.ingest.arxiv.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.databroker.shared.topic.TopicSettings;

/**
 * Settings of ingest-arxiv ({@code broker.*}).
 *
 * @param topics how the topics this service owns ({@code arxiv_raw}, {@code broker_ingest_state}) are created
 */
@Validated
@ConfigurationProperties("broker")
public record ArxivProperties(@DefaultValue TopicSettings topics) {
}
