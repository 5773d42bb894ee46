package io.databroker.ingest.dns.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.databroker.shared.topic.TopicSettings;

/**
 * Settings of ingest-dns ({@code broker.*}).
 *
 * @param topics how the topics this service owns ({@code dns_data}, {@code broker_ingest_state}) are created
 */
@Validated
@ConfigurationProperties("broker")
public record DnsProperties(@DefaultValue TopicSettings topics) {
}
