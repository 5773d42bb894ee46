package io.databroker.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.databroker.testsupport.Pipeline.Service;

/**
 * The environment the launcher gives each service. Addresses and ports are the launcher's to decide (it started
 * the servers, or was told where they are); the other settings are local defaults that a variable the user exported
 * overrides, since the services inherit the launcher's environment.
 *
 * @param kafkaBootstrap         bootstrap servers of the broker
 * @param elasticsearchUrl       the Elasticsearch hot-writer writes to
 * @param embeddedElasticsearch  true for the launcher's own node, the integ-test distribution without ILM
 * @param dataDir                the launcher's data directory
 * @param dnstapPort             ingest-dns' Frame Streams TCP port
 * @param opsUsersFile           the Operations API users file the launcher generated ({@link LocalOpsUser}), or null
 *                               when the user configured the API's authentication themselves
 */
record ServiceEnvironment(String kafkaBootstrap, String elasticsearchUrl, boolean embeddedElasticsearch, Path dataDir,
                          int dnstapPort, Path opsUsersFile) {

    /** Delta commits every 10 s rather than the service's 60 s, so a local run shows its rows soon. */
    static final String LOCAL_COLD_FLUSH_LATENCY = "10s";

    /**
     * What {@code service} gets: the launcher's wiring, then {@code sourceEnv} (live or replayed sources), then the
     * local defaults the user did not set in {@code userEnv}.
     */
    Map<String, String> forService(Service service, Map<String, String> sourceEnv, Map<String, String> userEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        if (opsUsersFile != null) {
            env.put("BROKER_OPS_USERS_FILE", opsUsersFile.toString());
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        switch (service) {
            case ENRICH -> defaults.put("SPRING_KAFKA_STREAMS_STATE_DIR", dataDir.resolve("kafka-streams").toString());
            case HOT_WRITER -> {
                env.put("ELASTICSEARCH_HOSTS", elasticsearchUrl);
                if (embeddedElasticsearch) {
                    // The integ-test distribution has neither ILM nor analysis-common, and a single node.
                    env.put("BROKER_HOT_ILM_ENABLED", "false");
                    env.put("BROKER_HOT_TEXT_ANALYZER", "standard");
                    env.put("BROKER_HOT_NUMBER_OF_REPLICAS", "0");
                }
            }
            case COLD_WRITER -> {
                defaults.put("BROKER_COLD_BASE_URI", dataDir.resolve("cold-store").toUri().toString());
                defaults.put("BROKER_COLD_FLUSH_MAX_LATENCY", LOCAL_COLD_FLUSH_LATENCY);
            }
            case INGEST_DNS -> env.put("BROKER_DNS_TCP_PORT", Integer.toString(dnstapPort));
            default -> {
                // The HTTP ingest services get everything from sourceEnv.
            }
        }
        env.putAll(sourceEnv);
        defaults.forEach((key, value) -> {
            if (!userEnv.containsKey(key)) {
                env.put(key, value);
            }
        });
        return env;
    }
}
