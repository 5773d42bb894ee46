package io.databroker.ingest.github.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.databroker.shared.topic.TopicSettings;

/**
 * Settings of ingest-github ({@code broker.*}).
 *
 * @param topics how the topics this service owns ({@code github_events}, {@code broker_ingest_state}) are created
 */
@Validated
@ConfigurationProperties("broker")
public record GithubProperties(@DefaultValue TopicSettings topics) {
}
