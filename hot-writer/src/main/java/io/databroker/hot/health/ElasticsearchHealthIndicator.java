package io.databroker.hot.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;

/**
 * Readiness only: is the cluster able to take writes? One {@code GET /_cluster/health} (the integ-test distribution
 * answers 405 to {@code GET /}, so ping/info cannot be used); red → OUT_OF_SERVICE, unreachable → DOWN. Never part of
 * liveness: restarting the writer does not heal Elasticsearch.
 */
public class ElasticsearchHealthIndicator extends AbstractHealthIndicator {

    private final ElasticsearchClient client;

    public ElasticsearchHealthIndicator(ElasticsearchClient client) {
        super("Elasticsearch health check failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = client.cluster().health();
        builder.status(health.status() == HealthStatus.Red ? Status.OUT_OF_SERVICE : Status.UP)
                .withDetail("cluster_name", health.clusterName())
                .withDetail("status", health.status().jsonValue())
                .withDetail("number_of_nodes", health.numberOfNodes())
                .withDetail("active_shards_percent", health.activeShardsPercentAsNumber());
    }
}
