package io.databroker.ingest.news.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.databroker.shared.topic.TopicSettings;

/**
 * Configuration of ingest-news, bound from {@code broker.*}: the service's own group {@code broker.news} and the
 * topic settings every service shares ({@code broker.topics}).
 *
 * @param news   the feeds and how they are polled
 * @param topics how the topics this service owns ({@code news_feed}, {@code broker_ingest_state}) are created
 */
@ConfigurationProperties("broker")
@Validated
public record NewsProperties(@Valid @NotNull News news, TopicSettings topics) {

    public NewsProperties {
        topics = topics == null ? TopicSettings.defaults() : topics;
    }

    /**
     * The news source.
     *
     * @param feeds           feed URLs to poll (env {@code BROKER_NEWS_FEEDS}, comma-separated)
     * @param pollInterval    pause between two polls of all feeds (env {@code BROKER_NEWS_POLL_INTERVAL})
     * @param unhealthyAfter  readiness turns DOWN when no feed has been polled successfully for this long
     * @param transactionalId Kafka {@code transactional.id} of the publishing producer; unique per running instance
     * @param http            HTTP client settings
     */
    public record News(
            @DefaultValue List<URI> feeds,
            @DefaultValue("5m") @NotNull Duration pollInterval,
            @DefaultValue("30m") @NotNull Duration unhealthyAfter,
            @DefaultValue("ingest-news-feeds") @NotBlank String transactionalId,
            @DefaultValue @Valid @NotNull Http http) {
    }

    /**
     * How feeds are fetched.
     *
     * @param connectTimeout TCP/TLS connect timeout
     * @param readTimeout    time allowed for the whole response after the request is sent
     * @param maxBodySize    larger feed documents are rejected as malformed (protects the heap)
     * @param userAgent      User-Agent header; polite crawlers identify themselves
     */
    public record Http(
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration readTimeout,
            @DefaultValue("10MB") @NotNull DataSize maxBodySize,
            @DefaultValue("data-broker-ingest-news/0.1 (+https://databroker.io)") @NotBlank String userAgent) {
    }
}
