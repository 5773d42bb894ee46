package io.databroker.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The seven Data Broker services as child JVMs, wired to one Kafka broker, one Elasticsearch node and one
 * Delta base directory. Used by the end-to-end tests and by the local launcher, so both run the same thing.
 */
public final class Pipeline implements AutoCloseable {

    /** The services in start order, with their default management ports (ARCHITECTURE §9). */
    public enum Service {
        INGEST_ARXIV("ingest-arxiv", 8081),
        INGEST_GITHUB("ingest-github", 8082),
        INGEST_NEWS("ingest-news", 8083),
        INGEST_DNS("ingest-dns", 8084),
        ENRICH("enrich-service", 8085),
        HOT_WRITER("hot-writer", 8086),
        COLD_WRITER("cold-writer", 8087);

        private final String module;
        private final int defaultPort;

        Service(String module, int defaultPort) {
            this.module = module;
            this.defaultPort = defaultPort;
        }

        public String module() {
            return module;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    /**
     * Where the pipeline runs and how it is configured.
     *
     * @param buildRoot        the reactor root holding {@code <module>/target/<module>-<version>.jar}
     * @param version          the project version of the jars
     * @param kafkaBootstrap   bootstrap servers of the broker
     * @param elasticsearchUrl http URL of the Elasticsearch node
     * @param coldBaseUri      base URI of the Delta tables
     * @param newsFeeds        feed URLs ingest-news polls (comma-separated)
     * @param logDir           one log file per service
     * @param freePorts        true: pick free ports (tests); false: the defaults 8081–8087 (launcher)
     * @param extraEnv         per service, more environment (e.g. short poll intervals in tests)
     */
    public record Settings(Path buildRoot, String version, String kafkaBootstrap, String elasticsearchUrl,
                           String coldBaseUri, String newsFeeds, Path logDir, boolean freePorts,
                           Map<Service, Map<String, String>> extraEnv) {
    }

    private final Map<Service, ServiceProcess> processes = new LinkedHashMap<>();

    private Pipeline(Settings settings) {
        for (Service service : Service.values()) {
            Map<String, String> env = new LinkedHashMap<>(commonEnv(settings));
            env.putAll(settings.extraEnv().getOrDefault(service, Map.of()));
            int port = settings.freePorts() ? FreePorts.one() : service.defaultPort();
            Path jar = ServiceProcess.moduleJar(settings.buildRoot(), service.module(), settings.version());
            processes.put(service, ServiceProcess.of(service.module(), jar, port, env, settings.logDir()));
        }
    }

    /** Environment every service gets; each service reads only the variables it knows. */
    private static Map<String, String> commonEnv(Settings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
        env.put("ELASTICSEARCH_HOSTS", settings.elasticsearchUrl());
        env.put("BROKER_COLD_BASE_URI", settings.coldBaseUri());
        env.put("BROKER_NEWS_FEEDS", settings.newsFeeds());
        // Kafka Streams state next to the logs (not /tmp/kafka-streams), so each pipeline keeps its own.
        env.put("SPRING_KAFKA_STREAMS_STATE_DIR", settings.logDir().resolveSibling("kafka-streams").toString());
        // The local/test Elasticsearch (integ-test distribution) has no ILM and no analysis-common.
        env.put("BROKER_HOT_ILM_ENABLED", "false");
        env.put("BROKER_HOT_TEXT_ANALYZER", "standard");
        env.put("BROKER_HOT_NUMBER_OF_REPLICAS", "0");
        return env;
    }

    /** Starts every service in order, then waits until all are ready. */
    public static Pipeline start(Settings settings, Duration readyTimeout, Consumer<String> progress) {
        Pipeline pipeline = new Pipeline(settings);
        try {
            for (ServiceProcess process : pipeline.processes.values()) {
                progress.accept("starting " + process.name() + " on port " + process.port() + " (log: " + process.logFile() + ")");
                process.start();
            }
            for (ServiceProcess process : pipeline.processes.values()) {
                process.awaitReady(readyTimeout);
                progress.accept(process.name() + " ready: " + process.url("/actuator/health"));
            }
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    public ServiceProcess service(Service service) {
        return processes.get(service);
    }

    public List<ServiceProcess> all() {
        return new ArrayList<>(processes.values());
    }

    /** Stops all services at once (SIGTERM, then SIGKILL after a grace period); order does not matter for safety. */
    @Override
    public void close() {
        processes.values().parallelStream().forEach(process -> process.stop(Duration.ofSeconds(20)));
    }
}
