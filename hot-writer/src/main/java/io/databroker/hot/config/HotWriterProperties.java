package io.databroker.hot.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.TopicSettings;

/**
 * Settings of hot-writer ({@code broker.*}).
 *
 * @param topics how the topics this service reads and writes ({@code <source>_enriched}, {@code dead-letter-queue})
 *               are created
 * @param hot    the Elasticsearch hot store
 */
@Validated
@ConfigurationProperties("broker")
public record HotWriterProperties(@DefaultValue TopicSettings topics, @Valid @DefaultValue Hot hot) {

    /**
     * The Elasticsearch hot store ({@code broker.hot.*}).
     *
     * @param hosts            Elasticsearch HTTP endpoints, e.g. {@code https://es-1:9200,https://es-2:9200}
     *                         (env {@code ELASTICSEARCH_HOSTS}); give the port explicitly
     * @param username         basic-auth user (env {@code ELASTICSEARCH_USERNAME}); unset = no basic auth
     * @param password         basic-auth password (env {@code ELASTICSEARCH_PASSWORD}); never logged
     * @param apiKey           encoded API key sent as {@code Authorization: ApiKey …} (env {@code ELASTICSEARCH_API_KEY});
     *                         takes precedence over username/password; never logged
     * @param ssl              which certificate authority to trust for {@code https://} hosts
     * @param sources          sources to index; each is read from its {@code <source>_enriched} topic
     * @param retention        how long a daily index lives; documents whose {@code event_date} day is already older are
     *                         skipped (counted as {@code outside_hot_window}); also the ILM delete {@code min_age}
     * @param textAnalyzer     analyzer of every {@code text} field; {@code english} needs Elasticsearch's analysis-common
     *                         module, which the integ-test distribution lacks (use {@code standard} there)
     * @param numberOfShards   {@code index.number_of_shards} of each daily index
     * @param numberOfReplicas {@code index.number_of_replicas} of each daily index (0 on a single-node cluster)
     * @param refreshInterval  {@code index.refresh_interval}: how soon a written document becomes searchable
     * @param indexPrefix      prepended to template, index and alias names ({@code t1_news_recent-…}); lets tests
     *                         share one cluster; leave empty in deployments
     * @param ilm              index lifecycle management
     * @param bulk             bulk requests and their retries
     * @param breaker          the circuit breaker that pauses consumption while Elasticsearch is unhealthy
     * @param pollTimeout      longest wait of one Kafka poll
     * @param commitInterval   how often acknowledged Kafka offsets are committed (also on rebalance and shutdown)
     * @param setupTimeout     how long start-up keeps retrying to install the policy and templates while Elasticsearch is
     *                         unreachable before the service gives up
     */
    public record Hot(
            @NotEmpty List<URI> hosts,
            String username,
            String password,
            String apiKey,
            @Valid @DefaultValue Ssl ssl,
            @NotEmpty @DefaultValue({"arxiv", "github", "news", "dns"}) List<Source> sources,
            @NotNull @DefaultValue("10d") Duration retention,
            @NotBlank @DefaultValue("english") String textAnalyzer,
            @Min(1) @DefaultValue("1") int numberOfShards,
            @Min(0) @DefaultValue("1") int numberOfReplicas,
            @NotNull @DefaultValue("1s") Duration refreshInterval,
            @NotNull @Pattern(regexp = "[a-z0-9_.-]*", message = "must be lower-case letters, digits, '_', '.' or '-'")
            @DefaultValue("") String indexPrefix,
            @Valid @DefaultValue Ilm ilm,
            @Valid @DefaultValue Bulk bulk,
            @Valid @DefaultValue Breaker breaker,
            @NotNull @DefaultValue("1s") Duration pollTimeout,
            @NotNull @DefaultValue("1s") Duration commitInterval,
            @NotNull @DefaultValue("60s") Duration setupTimeout) {

        /** Secrets masked: this record is logged once at start-up. */
        @Override
        public String toString() {
            return "Hot[hosts=" + hosts + ", username=" + (isSet(username) ? username : "<unset>")
                    + ", password=" + mask(password) + ", apiKey=" + mask(apiKey) + ", ssl=" + ssl + ", sources=" + sources
                    + ", retention=" + retention + ", textAnalyzer=" + textAnalyzer
                    + ", numberOfShards=" + numberOfShards + ", numberOfReplicas=" + numberOfReplicas
                    + ", refreshInterval=" + refreshInterval + ", indexPrefix='" + indexPrefix + "'"
                    + ", ilm=" + ilm + ", bulk=" + bulk + ", breaker=" + breaker + ", pollTimeout=" + pollTimeout
                    + ", commitInterval=" + commitInterval + ", setupTimeout=" + setupTimeout + "]";
        }

        private static String mask(String secret) {
            return isSet(secret) ? "******" : "<unset>";
        }

        private static boolean isSet(String value) {
            return value != null && !value.isBlank();
        }
    }

    /**
     * Index lifecycle management ({@code broker.hot.ilm.*}).
     *
     * @param enabled install {@code hot_store_policy} and attach it to every daily index; when true and the cluster
     *                has no ILM the service refuses to start. Set false (env {@code BROKER_HOT_ILM_ENABLED=false})
     *                only where the cluster cannot run ILM: retention is then not enforced
     */
    public record Ilm(@DefaultValue("true") boolean enabled) {
    }

    /**
     * TLS trust for {@code https://} hosts ({@code broker.hot.ssl.*}). With neither set, the JVM's default trust store
     * is used (fine for a cluster with a publicly trusted certificate). Not secrets, but logged as given.
     *
     * @param certificateAuthorities PEM file with the CA certificate(s) that signed Elasticsearch's HTTP certificate,
     *                               e.g. {@code config/certs/http_ca.crt} of a cluster set up by Elasticsearch
     *                               (env {@code ELASTICSEARCH_CA_CERT})
     * @param caFingerprint          SHA-256 fingerprint of that CA certificate (hex, colons optional), as printed by
     *                               Elasticsearch at first start (env {@code ELASTICSEARCH_CA_FINGERPRINT}); the CA is
     *                               taken from the chain the server presents, and the chain is still fully validated
     */
    public record Ssl(String certificateAuthorities, String caFingerprint) {
    }

    /**
     * Bulk requests, sent through the client's BulkIngester ({@code broker.hot.bulk.*}).
     *
     * @param maxOperations         documents per bulk request
     * @param maxBytes              upper bound of a bulk request's size; a request is sent once it is reached
     * @param maxConcurrentRequests bulk requests in flight at once; when all are busy and the next request is full,
     *                              consumption waits (backpressure)
     * @param flushInterval         a partly filled request is sent after this long at the latest; 100 ms keeps it a
     *                              small part of the time to searchable (the refresh interval, 1 s by default) and
     *                              costs nothing measurable at 1,000 docs/s (BENCHMARKS.md, e2e.LatencyBench); above
     *                              10,000 docs/s requests fill to {@code maxOperations} first
     * @param maxDocumentBytes      a larger document is dead-lettered as {@code oversized} instead of being sent
     *                              (Elasticsearch refuses requests over {@code http.max_content_length}, 100 MB)
     * @param initialBackoff        first wait before re-sending documents that failed transiently (429, 5xx,
     *                              connection errors)
     * @param maxBackoff            longest wait between re-sends; the backoff doubles up to it, with jitter
     */
    public record Bulk(
            @Min(1) @DefaultValue("1000") int maxOperations,
            @NotNull @DefaultValue("5MB") DataSize maxBytes,
            @Min(1) @Max(64) @DefaultValue("2") int maxConcurrentRequests,
            @NotNull @DefaultValue("100ms") Duration flushInterval,
            @NotNull @DefaultValue("20MB") DataSize maxDocumentBytes,
            @NotNull @DefaultValue("200ms") Duration initialBackoff,
            @NotNull @DefaultValue("30s") Duration maxBackoff) {
    }

    /**
     * The circuit breaker over bulk requests ({@code broker.hot.breaker.*}). It opens when too many of the last
     * requests failed as a whole (connection errors, 5xx); while open, consumption is paused and readiness is DOWN;
     * after {@code waitInOpen} one {@code GET /_cluster/health} probe decides whether to resume.
     *
     * @param failureRateThreshold percentage of failed requests in the window that opens the breaker
     * @param slidingWindowSize    number of most recent bulk requests looked at
     * @param minimumCalls         requests needed in the window before the failure rate counts
     * @param waitInOpen           how long the breaker stays open before probing the cluster
     */
    public record Breaker(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
            @Min(1) @DefaultValue("10") int slidingWindowSize,
            @Min(1) @DefaultValue("5") int minimumCalls,
            @NotNull @DefaultValue("10s") Duration waitInOpen) {
    }
}
