package io.databroker.cold.ops;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.databroker.storeops.verify.VerifySettings;

/**
 * Settings of cold-writer's operations endpoints ({@code broker.ops.*}).
 *
 * @param elasticsearch the hot store, read by verify
 * @param verify        the cross-store verification
 */
@ConfigurationProperties("broker.ops")
public record ColdOpsProperties(Elasticsearch elasticsearch, VerifySettings verify) {

    public ColdOpsProperties {
        elasticsearch = elasticsearch == null ? new Elasticsearch(null, null, null, null, null, null, null, null) : elasticsearch;
        verify = verify == null ? VerifySettings.defaults() : verify;
    }

    /**
     * The hot store as hot-writer writes it ({@code broker.ops.elasticsearch.*}).
     *
     * @param hosts       env {@code ELASTICSEARCH_HOSTS}, as hot-writer
     * @param username    env {@code ELASTICSEARCH_USERNAME}; never logged
     * @param password    env {@code ELASTICSEARCH_PASSWORD}; never logged
     * @param apiKey      env {@code ELASTICSEARCH_API_KEY}; wins over username/password; never logged
     * @param indexPrefix hot-writer's {@code broker.hot.index-prefix} (empty in deployments)
     * @param retention   hot-writer's {@code broker.hot.retention}: days older than this are not compared with Elasticsearch
     * @param certificateAuthorities env {@code ELASTICSEARCH_CA_CERT}: PEM file of the CA of Elasticsearch's HTTP certificate
     * @param caFingerprint env {@code ELASTICSEARCH_CA_FINGERPRINT}: that CA's SHA-256 fingerprint instead; neither = JVM trust
     */
    public record Elasticsearch(List<URI> hosts, String username, String password, String apiKey, String indexPrefix,
                                Duration retention, String certificateAuthorities, String caFingerprint) {

        public Elasticsearch {
            hosts = hosts == null || hosts.isEmpty() ? List.of(URI.create("http://127.0.0.1:9200")) : List.copyOf(hosts);
            indexPrefix = indexPrefix == null ? "" : indexPrefix;
            retention = retention == null ? Duration.ofDays(10) : retention;
        }

        @Override
        public String toString() {
            return "Elasticsearch[hosts=" + hosts + ", credentials=" + (apiKey != null && !apiKey.isBlank() ? "api key"
                    : username != null && !username.isBlank() ? "basic" : "none") + ", indexPrefix='" + indexPrefix
                    + "', retention=" + retention + "]";
        }
    }
}
