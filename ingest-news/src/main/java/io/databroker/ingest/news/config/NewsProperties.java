package io.databroker.ingest.news.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
     * @param feeds           feeds to poll (env {@code BROKER_NEWS_FEEDS}, comma-separated): each a URL, optionally
     *                        with {@code |label=…} and {@code |interval=…}, e.g.
     *                        {@code https://lwn.net/headlines/rss|label=linux|interval=30m}
     * @param opml            an OPML subscription list to poll as well (env {@code BROKER_NEWS_OPML}): a path, a
     *                        {@code file:} or http(s) URL, or {@code classpath:feeds/default.opml} (the bundled list of
     *                        well-known feeds); empty = none
     * @param pollInterval    default pause between two polls of a feed (env {@code BROKER_NEWS_POLL_INTERVAL})
     * @param threads         polling threads shared by all feeds (fetch, parse, publish)
     * @param hostInterval    minimum time between two requests to the same host (politeness); 0 = no pacing
     * @param maxRedirects    redirects followed per fetch
     * @param unhealthyAfter  readiness turns DOWN when every feed has been failing for this long
     * @param errorBackoff    pause after a feed's first failed poll; doubles per further failure, with jitter
     * @param maxErrorBackoff upper bound of that pause
     * @param transactionalId Kafka {@code transactional.id} of the publishing producer; unique per running instance
     * @param http            how feeds are fetched
     */
    public record News(
            @DefaultValue List<String> feeds,
            String opml,
            @DefaultValue("10m") @NotNull Duration pollInterval,
            @DefaultValue("4") @Min(1) @Max(64) int threads,
            @DefaultValue("1s") @NotNull Duration hostInterval,
            @DefaultValue("5") @Min(0) @Max(20) int maxRedirects,
            @DefaultValue("30m") @NotNull Duration unhealthyAfter,
            @DefaultValue("1m") @NotNull Duration errorBackoff,
            @DefaultValue("1h") @NotNull Duration maxErrorBackoff,
            @DefaultValue("ingest-news-feeds") @NotBlank String transactionalId,
            @DefaultValue @Valid @NotNull Http http) {

        public News {
            feeds = feeds == null ? List.of() : feeds.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            opml = opml == null || opml.isBlank() ? null : opml.strip();
        }
    }

    /**
     * How feeds are fetched.
     *
     * @param connectTimeout TCP/TLS connect timeout
     * @param readTimeout    time allowed for the response headers, and again for the whole body
     * @param maxBodySize    a larger (decoded) feed document fails as malformed (protects the heap)
     * @param maxAttempts    attempts per fetch for 429/5xx/connection errors, the first included; the feed's own
     *                       backoff takes over after them
     * @param backoff        wait before a retry when the server names none; doubles per attempt, with jitter
     * @param maxBackoff     upper bound of that wait
     * @param maxRetryAfter  the longest {@code Retry-After} waited out inside one fetch; a longer one ends the poll
     *                       and the feed is polled again after it
     * @param userAgent      User-Agent header; polite crawlers identify themselves
     */
    public record Http(
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("30s") @NotNull Duration readTimeout,
            @DefaultValue("10MB") @NotNull DataSize maxBodySize,
            @DefaultValue("2") @Min(1) int maxAttempts,
            @DefaultValue("2s") @NotNull Duration backoff,
            @DefaultValue("30s") @NotNull Duration maxBackoff,
            @DefaultValue("1m") @NotNull Duration maxRetryAfter,
            @DefaultValue("data-broker-ingest-news/0.1 (+https://databroker.io)") @NotBlank String userAgent) {
    }
}
