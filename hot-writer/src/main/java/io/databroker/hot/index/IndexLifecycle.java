package io.databroker.hot.index;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.node.ObjectNode;

/**
 * Installs the ILM policy {@code hot_store_policy} (deploy/elasticsearch/ilm/hot_store_policy.json, delete phase
 * {@code min_age} set to the configured retention), or refuses to start when ILM is wanted and the cluster has none:
 * silently keeping every daily index for ever would fill the cluster.
 */
public final class IndexLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndexLifecycle.class);

    /** Name of the policy every daily index references ({@code index.lifecycle.name}). */
    public static final String POLICY = "hot_store_policy";

    static final String RESOURCE = "elasticsearch/ilm/hot_store_policy.json";

    /**
     * How a cluster without the ILM plugin answers {@code GET /_ilm/status}: 400 "no handler found" (older nodes),
     * 404/410 (removed or unavailable APIs), or 405 — the integ-test distribution matches the path against
     * {@code /{index}/{type}}-style handlers and answers "Incorrect HTTP method … allowed: [POST]".
     */
    private static final Set<Integer> NO_ILM_STATUSES = Set.of(400, 404, 405, 410);

    private final RestClient rest;
    private final boolean enabled;
    private final Duration retention;

    public IndexLifecycle(RestClient rest, boolean enabled, Duration retention) {
        this.rest = rest;
        this.enabled = enabled;
        this.retention = retention;
    }

    /**
     * Puts the policy when ILM is enabled.
     *
     * @throws IllegalStateException when ILM is enabled and the cluster has no ILM (names the opt-out property)
     * @throws IOException           when Elasticsearch cannot be reached or answers with another error
     */
    public void install() throws IOException {
        if (!enabled) {
            log.warn("broker.hot.ilm.enabled=false: daily indices get no lifecycle policy, so retention ({}) is NOT "
                    + "enforced; delete old <source>_recent-* indices by other means",
                    ElasticsearchDurations.format(retention));
            return;
        }
        if (!clusterHasIlm()) {
            throw new IllegalStateException("Elasticsearch has no index lifecycle management (GET /_ilm/status is not "
                    + "served), so the hot store's " + ElasticsearchDurations.format(retention) + " retention cannot be "
                    + "enforced. Use a cluster with ILM, or set broker.hot.ilm.enabled=false "
                    + "(env BROKER_HOT_ILM_ENABLED=false) to run without retention.");
        }
        Request request = new Request("PUT", "/_ilm/policy/" + POLICY);
        request.setJsonEntity(render().toString());
        rest.performRequest(request);
        log.info("installed ILM policy {} (delete after {})", POLICY, ElasticsearchDurations.format(retention));
    }

    /** The policy body: the packaged file with the delete phase's {@code min_age} set to the retention. */
    public ObjectNode render() {
        ObjectNode body = JsonResources.load(RESOURCE);
        body.withObjectProperty("policy").withObjectProperty("phases").withObjectProperty("delete")
                .put("min_age", ElasticsearchDurations.format(retention));
        return body;
    }

    private boolean clusterHasIlm() throws IOException {
        try {
            rest.performRequest(new Request("GET", "/_ilm/status"));
            return true;
        } catch (ResponseException e) {
            if (NO_ILM_STATUSES.contains(e.getResponse().getStatusLine().getStatusCode())) {
                return false;
            }
            throw e;
        }
    }
}
