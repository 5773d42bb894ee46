package io.databroker.ingest.arxiv.config;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.databroker.shared.topic.TopicSettings;

/**
 * Configuration of ingest-arxiv, bound from {@code broker.*}: the service's own group {@code broker.arxiv} and the
 * topic settings every service shares ({@code broker.topics}).
 *
 * @param arxiv  what is harvested and how
 * @param topics how the topics this service owns ({@code arxiv_raw}, {@code broker_ingest_state}) are created
 */
@Validated
@ConfigurationProperties("broker")
public record ArxivProperties(@Valid @NotNull Arxiv arxiv, TopicSettings topics) {

    public ArxivProperties {
        topics = topics == null ? TopicSettings.defaults() : topics;
    }

    /**
     * The arXiv OAI-PMH harvest.
     *
     * @param baseUrl         OAI-PMH endpoint (env {@code BROKER_ARXIV_BASE_URL}); the classic one is
     *                        {@code http://export.arxiv.org/oai2}
     * @param metadataPrefix  {@code arXivRaw} (every version with its exact submission time) or {@code arXiv}
     *                        (structured authors with affiliations, but no version numbers; see the README)
     *                        (env {@code BROKER_ARXIV_METADATA_PREFIX})
     * @param sets            OAI sets to harvest, e.g. {@code cs,physics:hep-th}, each with its own cursor; empty =
     *                        the whole repository (env {@code BROKER_ARXIV_SETS}, comma-separated)
     * @param from            first datestamp to harvest when a set has no cursor yet (env {@code BROKER_ARXIV_FROM},
     *                        {@code YYYY-MM-DD}); unset = yesterday (UTC). A stored cursor always wins.
     * @param requestInterval minimum time between two requests; arXiv asks for 3 s (env {@code BROKER_ARXIV_REQUEST_INTERVAL})
     * @param pollInterval    pause after every set is caught up, before the next incremental harvest
     *                        (env {@code BROKER_ARXIV_POLL_INTERVAL}); arXiv updates its OAI data once a day
     * @param unhealthyAfter  readiness turns DOWN when polls have failed for this long without a success
     * @param errorBackoff    pause after a failed poll; doubles per further failure, with jitter
     * @param maxErrorBackoff upper bound of that pause
     * @param transactionalId Kafka {@code transactional.id} of the publishing producer; unique per running harvest
     * @param http            how requests are made
     */
    public record Arxiv(
            @DefaultValue("https://oaipmh.arxiv.org/oai") @NotNull URI baseUrl,
            @DefaultValue("arXivRaw") @NotBlank @Pattern(regexp = "(?i)arXiv|arXivRaw") String metadataPrefix,
            @DefaultValue List<String> sets,
            LocalDate from,
            @DefaultValue("3s") @NotNull Duration requestInterval,
            @DefaultValue("1h") @NotNull Duration pollInterval,
            @DefaultValue("30m") @NotNull Duration unhealthyAfter,
            @DefaultValue("30s") @NotNull Duration errorBackoff,
            @DefaultValue("30m") @NotNull Duration maxErrorBackoff,
            @DefaultValue("ingest-arxiv-harvester") @NotBlank String transactionalId,
            @DefaultValue @Valid @NotNull Http http) {

        public Arxiv {
            sets = sets == null ? List.of() : sets.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    /**
     * HTTP settings of the harvester.
     *
     * @param connectTimeout TCP/TLS connect timeout
     * @param readTimeout    time allowed for the response headers, and again for the whole body
     * @param maxBodySize    a larger (decoded) page fails as malformed; arXiv's pages are a few MB
     * @param maxAttempts    attempts per request for 429/5xx/connection errors, the first included
     * @param backoff        wait before a retry when the server names none; doubles per attempt, with jitter
     * @param maxBackoff     upper bound of that wait
     * @param maxRetryAfter  the longest {@code Retry-After} waited out within one poll; longer ones end the poll and
     *                       the next poll starts after it
     * @param userAgent      User-Agent header; arXiv asks harvesters to identify themselves
     */
    public record Http(
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("2m") @NotNull Duration readTimeout,
            @DefaultValue("64MB") @NotNull DataSize maxBodySize,
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("5s") @NotNull Duration backoff,
            @DefaultValue("2m") @NotNull Duration maxBackoff,
            @DefaultValue("10m") @NotNull Duration maxRetryAfter,
            @DefaultValue("data-broker-ingest-arxiv/0.1 (+https://databroker.io)") @NotBlank String userAgent) {
    }
}
