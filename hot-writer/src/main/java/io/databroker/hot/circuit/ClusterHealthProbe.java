package io.databroker.hot.circuit;

import java.io.IOException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;

/**
 * The half-open probe: {@code GET /_cluster/health} (the integ-test distribution answers 405 to {@code GET /}), which
 * must answer, and not red (a red cluster has primaries that cannot take writes).
 */
public final class ClusterHealthProbe implements HotStoreCircuit.Probe {

    private final ElasticsearchClient client;

    public ClusterHealthProbe(ElasticsearchClient client) {
        this.client = client;
    }

    @Override
    public void run() {
        HealthStatus status;
        try {
            status = client.cluster().health().status();
        } catch (IOException | ElasticsearchException e) {
            throw new StoreUnavailableException("GET /_cluster/health failed: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
        if (status == HealthStatus.Red) {
            throw new StoreUnavailableException("cluster health is red");
        }
    }
}
