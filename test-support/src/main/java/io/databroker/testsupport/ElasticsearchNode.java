package io.databroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch 8.19 server (the integ-test distribution) in a child process on 127.0.0.1,
 * for integration tests and the local launcher. Security is off (talk plain HTTP to {@link #httpUrl()}) unless started with {@link #startSecured}.
 */
public final class ElasticsearchNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchNode.class);

    /**
     * 180 s (a secured start on two cores shared with other builds was seen to take over 90 s); system property
     * {@code databroker.es.readyTimeoutSeconds} for machines loaded far beyond their cores.
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("databroker.es.readyTimeoutSeconds", 180));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int BIND_ATTEMPTS = 3;
    private static final int LOG_TAIL_LINES = 60;

    private static ElasticsearchNode shared;

    private final Options options;
    private final Path home;
    private final Path nodeDir;
    private final boolean deleteNodeDirOnClose;
    private final boolean isShared;
    private final HttpClient http;
    private final Security security;
    private int httpPort;
    private int transportPort;
    private Process process;
    private boolean closed;

    /**
     * How to start a node.
     *
     * @param httpPort    HTTP port on 127.0.0.1; 0 picks a free one (kept across {@link #restart()})
     * @param dataDir     directory for data, logs, config and snapshots; null = a fresh temporary one, deleted on close
     * @param heap        JVM heap, both -Xms and -Xmx (e.g. "512m")
     * @param clusterName {@code cluster.name}
     * @param settings    further elasticsearch.yml settings, e.g. {@code thread_pool.write.queue_size}
     */
    public record Options(int httpPort, Path dataDir, String heap, String clusterName, Map<String, String> settings) {

        public Options {
            Objects.requireNonNull(heap, "heap");
            Objects.requireNonNull(clusterName, "clusterName");
            settings = Map.copyOf(settings);
        }

        /** Free port, temporary data, 512 MB heap, cluster "databroker-test", no extra settings. */
        public static Options defaults() {
            return new Options(0, null, "512m", "databroker-test", Map.of());
        }

        public Options withHttpPort(int port) {
            return new Options(port, dataDir, heap, clusterName, settings);
        }

        public Options withDataDir(Path dir) {
            return new Options(httpPort, dir, heap, clusterName, settings);
        }

        public Options withHeap(String newHeap) {
            return new Options(httpPort, dataDir, newHeap, clusterName, settings);
        }

        public Options withClusterName(String name) {
            return new Options(httpPort, dataDir, heap, name, settings);
        }

        public Options withSetting(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(settings);
            more.put(key, value);
            return new Options(httpPort, dataDir, heap, clusterName, more);
        }
    }

    /**
     * x-pack security on: HTTPS with the test server certificate, and one file-realm superuser; readiness is probed
     * as that user. API keys (and the native realm) cannot work on the integ-test distribution: they live in the
     * {@code .security} index, whose mapping needs analysis-common's {@code pattern_capture} filter, which this
     * distribution lacks (creating a key answers 400 "Unknown filter type [pattern_capture]").
     *
     * @param tls      server key and chain for HTTPS
     * @param username file-realm user with the {@code superuser} role
     * @param password its password
     */
    public record Security(TestCertificates tls, String username, String password) {
    }

    private ElasticsearchNode(Options options, Path home, Path nodeDir, boolean deleteNodeDirOnClose, boolean isShared,
                              Security security) {
        this.security = security;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        this.http = security == null ? client.build() : client.sslContext(security.tls().clientContext()).build();
        this.options = options;
        this.home = home;
        this.nodeDir = nodeDir;
        this.deleteNodeDirOnClose = deleteNodeDirOnClose;
        this.isShared = isShared;
    }

    /**
     * The node shared by every test in this JVM, started on first use with {@link Options#defaults()} and stopped
     * by a shutdown hook. {@link #close()}, {@link #stop()} and {@link #restart()} are refused on it: outage tests
     * start a node of their own.
     */
    public static synchronized ElasticsearchNode shared() {
        if (shared == null) {
            ElasticsearchNode node = startNode(Options.defaults(), true);
            Runtime.getRuntime().addShutdownHook(new Thread(node::shutdown, "elasticsearch-node-shutdown"));
            shared = node;
        }
        return shared;
    }

    /** Starts a node the caller owns and must {@link #close()}; returns once the cluster is at least yellow. */
    public static ElasticsearchNode start(Options options) {
        return startNode(options, false);
    }

    /** Like {@link #start(Options)}, with security, HTTPS and a user: {@link #httpUrl()} is then {@code https://}. */
    public static ElasticsearchNode startSecured(Options options, Security security) {
        return startNode(options, false, Objects.requireNonNull(security, "security"));
    }

    /** Base URL, {@code http://127.0.0.1:PORT} ({@code https://} when secured), without a trailing slash. */
    public String httpUrl() {
        return (security == null ? "http" : "https") + "://127.0.0.1:" + httpPort;
    }

    /** An HTTP request to this node as the configured user (no credentials when security is off). */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(Duration.ofSeconds(30));
        if (security != null) {
            String pair = security.username() + ":" + security.password();
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /** The client this node's own probes use (trusting the test CA when secured). */
    public HttpClient httpClient() {
        return http;
    }

    public int httpPort() {
        return httpPort;
    }

    /**
     * The running server's processes (runuser, the launcher script, the CLI JVM and the server JVM), e.g. for reading
     * their CPU and memory from /proc; empty while it is stopped.
     */
    public synchronized List<ProcessHandle> processTree() {
        if (process == null) {
            return List.of();
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        return tree;
    }

    /** Stops the server process (gracefully, then by force), keeping data and ports for {@link #restart()}. */
    public synchronized void stop() {
        refuseIfShared("stop");
        stopProcess();
    }

    /** Starts the server again on the same ports with the same data, e.g. after {@link #stop()} in outage tests. */
    public synchronized void restart() {
        refuseIfShared("restart");
        if (closed) {
            throw new IllegalStateException("node is closed");
        }
        stopProcess();
        launchAndAwaitReady();
    }

    /** Stops the server and deletes its temporary directory; ignored for {@link #shared()}. */
    @Override
    public void close() {
        if (!isShared) {
            shutdown();
        }
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        if (deleteNodeDirOnClose) {
            Directories.deleteRecursively(nodeDir);
        }
    }

    private static ElasticsearchNode startNode(Options options, boolean isShared) {
        return startNode(options, isShared, null);
    }

    private static ElasticsearchNode startNode(Options options, boolean isShared, Security security) {
        Path home = ElasticsearchDistribution.home();
        boolean temporary = options.dataDir() == null;
        Path nodeDir = temporary ? Directories.createTemp("databroker-es-") : options.dataDir().toAbsolutePath();
        ElasticsearchNode node = new ElasticsearchNode(options, home, nodeDir, temporary, isShared, security);
        try {
            node.startWithRetries();
        } catch (RuntimeException e) {
            node.shutdown();
            throw e;
        }
        return node;
    }

    private synchronized void startWithRetries() {
        for (int attempt = 1; ; attempt++) {
            httpPort = options.httpPort() != 0 ? options.httpPort() : FreePorts.one();
            transportPort = FreePorts.one();
            try {
                launchAndAwaitReady();
                return;
            } catch (NodeFailedException e) {
                // Another process may take a port between FreePorts and Elasticsearch binding it.
                if (attempt == BIND_ATTEMPTS || !e.portTaken) {
                    throw e;
                }
                log.warn("Elasticsearch could not bind port {} or {} (attempt {} of {}); trying other ports",
                        httpPort, transportPort, attempt, BIND_ATTEMPTS);
            }
        }
    }

    private void launchAndAwaitReady() {
        long started = System.nanoTime();
        prepareDirectories();
        Path stdout = nodeDir.resolve("stdout.log");
        List<String> command = new ArrayList<>();
        if (ElasticsearchDistribution.runsAsRoot()) {
            command.addAll(List.of("runuser", "-u", ElasticsearchDistribution.SYSTEM_USER, "--"));
        }
        command.add("env");
        command.add("ES_JAVA_HOME=" + System.getProperty("java.home"));
        command.add("ES_JAVA_OPTS=-Xms" + options.heap() + " -Xmx" + options.heap());
        // A config directory per node: Elasticsearch writes its keystore there, so nodes must not share one.
        command.add("ES_PATH_CONF=" + nodeDir.resolve("config"));
        command.add("ES_TMPDIR=" + nodeDir.resolve("tmp"));
        // The CLI launcher JVM probes the server's JVM flags in its own temp dir and leaves it behind: keep it ours.
        command.add("CLI_JAVA_OPTS=-Djava.io.tmpdir=" + nodeDir.resolve("tmp"));
        command.add(home.resolve("bin/elasticsearch").toString());
        try {
            process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(stdout.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        awaitReady(stdout);
        log.info("Elasticsearch {} on {} ready in {} ms (data in {})", ElasticsearchDistribution.VERSION, httpUrl(),
                (System.nanoTime() - started) / 1_000_000, nodeDir);
    }

    private void prepareDirectories() {
        try {
            Path config = nodeDir.resolve("config");
            Files.createDirectories(config);
            for (String dir : List.of("data", "logs", "repo", "tmp")) {
                Files.createDirectories(nodeDir.resolve(dir));
            }
            try (Stream<Path> files = Files.list(home.resolve("config"))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file) && !file.getFileName().toString().equals("elasticsearch.yml")) {
                        Files.copy(file, config.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.writeString(config.resolve("elasticsearch.yml"), elasticsearchYml(), StandardCharsets.UTF_8);
            if (security != null) {
                prepareSecurity(config);
            }
            if (ElasticsearchDistribution.runsAsRoot()) {
                ElasticsearchDistribution.giveToSystemUser(nodeDir);
                ElasticsearchDistribution.checkTraversable(nodeDir.resolve("config"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + nodeDir, e);
        }
    }

    private String elasticsearchYml() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("cluster.name", options.clusterName());
        settings.put("node.name", "databroker-node");
        settings.put("discovery.type", "single-node");
        // Loopback only: keeps Elasticsearch in development mode, so its production bootstrap checks stay warnings.
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", String.valueOf(httpPort));
        settings.put("transport.port", String.valueOf(transportPort));
        settings.put("xpack.security.enabled", String.valueOf(security != null));
        if (security != null) {
            // HTTPS only; transport TLS is not required on a loopback single node (development mode).
            settings.put("xpack.security.http.ssl.enabled", "true");
            settings.put("xpack.security.http.ssl.key", "certs/server-key.pem");
            settings.put("xpack.security.http.ssl.certificate", "certs/server-chain.pem");
            settings.put("xpack.security.authc.api_key.enabled", "true");
        }
        settings.put("path.data", nodeDir.resolve("data").toString());
        settings.put("path.logs", nodeDir.resolve("logs").toString());
        settings.put("path.repo", nodeDir.resolve("repo").toString());
        // A nearly full developer disk must not turn the cluster red by refusing to allocate shards.
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        settings.putAll(options.settings());
        StringBuilder yml = new StringBuilder("# Written by io.databroker.testsupport.ElasticsearchNode\n");
        settings.forEach((key, value) -> yml.append(key).append(": \"").append(value.replace("\"", "\\\""))
                .append("\"\n"));
        return yml.toString();
    }

    private void awaitReady(Path stdout) {
        // Not GET /: it answers 405 on this distribution. wait_for_status also covers shard recovery after restart.
        HttpRequest health = request("/_cluster/health?wait_for_status=yellow&timeout=5s")
                .timeout(Duration.ofSeconds(10))
                .GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String tail = logTail(stdout);
                throw new NodeFailedException("Elasticsearch exited with status " + process.exitValue()
                        + " before it was ready. Last lines of its output:\n" + tail,
                        tail.contains("BindTransportException") || tail.contains("BindHttpException")
                                || tail.contains("Address already in use"));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopProcess();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            if (System.nanoTime() > deadline) {
                String tail = logTail(stdout);
                stopProcess();
                throw new NodeFailedException("Elasticsearch on " + httpUrl() + " not ready within " + READY_TIMEOUT
                        + ". Last lines of its output:\n" + tail, false);
            }
            pause();
        }
    }

    /** The HTTP certificate, and the file-realm user added with the distribution's own elasticsearch-users tool. */
    private void prepareSecurity(Path config) throws IOException {
        Path certs = Files.createDirectories(config.resolve("certs"));
        Files.copy(security.tls().serverKeyPem(), certs.resolve("server-key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(security.tls().serverChainPem(), certs.resolve("server-chain.pem"), StandardCopyOption.REPLACE_EXISTING);
        // users/users_roles were just copied fresh from the distribution, so the user is new on every (re)start.
        Path output = nodeDir.resolve("elasticsearch-users.out");
        ProcessBuilder useradd = new ProcessBuilder(home.resolve("bin/elasticsearch-users").toString(), "useradd",
                security.username(), "-p", security.password(), "-r", "superuser")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        useradd.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        useradd.environment().put("ES_PATH_CONF", config.toString());
        useradd.environment().put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + nodeDir.resolve("tmp"));
        Process process = useradd.start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("elasticsearch-users useradd failed: " + Files.readString(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted adding the Elasticsearch user", e);
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        long started = System.nanoTime();
        // runuser, the launcher script, the CLI JVM and the server JVM: signal them all, so none is orphaned.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            long remaining = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                log.warn("Elasticsearch process {} did not stop within {}; killing it", handle.pid(), STOP_TIMEOUT);
                handle.destroyForcibly();
            }
        }
        tree.forEach(handle -> handle.onExit().join());
        process = null;
        log.info("Elasticsearch on {} stopped in {} ms", httpUrl(), (System.nanoTime() - started) / 1_000_000);
    }

    private void refuseIfShared(String operation) {
        if (isShared) {
            throw new UnsupportedOperationException("cannot " + operation + " the shared Elasticsearch node; start "
                    + "one of your own with ElasticsearchNode.start(Options)");
        }
    }

    private String logTail(Path stdout) {
        StringBuilder tail = new StringBuilder(lastLines(stdout));
        Path serverLog = nodeDir.resolve("logs").resolve(options.clusterName() + ".log");
        if (tail.isEmpty() && Files.exists(serverLog)) {
            tail.append(lastLines(serverLog));
        }
        return tail.toString();
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
        }
    }

    /** Start failure; {@code portTaken} tells whether other ports may help. */
    private static final class NodeFailedException extends IllegalStateException {
        final transient boolean portTaken;

        NodeFailedException(String message, boolean portTaken) {
            super(message);
            this.portTaken = portTaken;
        }
    }
}
