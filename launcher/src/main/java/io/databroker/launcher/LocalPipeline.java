package io.databroker.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.databroker.launcher.replay.ReplaySamples;
import io.databroker.launcher.replay.ReplayServer;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.Pipeline.Service;
import io.databroker.testsupport.ServiceProcess;

/**
 * The README's run command ({@code ./run-local}): the whole pipeline on this machine, no Docker. A real KRaft broker
 * (in this JVM), a real Elasticsearch node (the integ-test distribution, a child process; it has no ILM, so
 * retention is not enforced locally), the seven services as child JVMs, Delta tables under {@code DATA/cold-store},
 * the live sources or replayed samples. Ctrl-C (or SIGTERM) stops everything, services first.
 */
public final class LocalPipeline {

    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    /** How long Ctrl-C waits for a component that is still starting (Elasticsearch takes longest) before stopping all. */
    private static final Duration START_STEP_TIMEOUT = Duration.ofMinutes(3);

    private final LauncherOptions options;
    private final Map<String, String> userEnv;
    /** What is running, most recent first: stopped in this order. */
    private final Deque<Running> running = new ArrayDeque<>();
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private volatile boolean stopRequested;

    private record Running(String name, AutoCloseable component) {
    }

    /** Thrown inside {@link #start()} when Ctrl-C arrived meanwhile. */
    private static final class StopRequestedException extends RuntimeException {
        StopRequestedException() {
            super("stop requested", null, false, false);
        }
    }

    LocalPipeline(LauncherOptions options, Map<String, String> userEnv) {
        this.options = options;
        this.userEnv = userEnv;
    }

    public static void main(String[] args) throws Exception {
        Path workingDir = Path.of("").toAbsolutePath();
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, workingDir, System.getenv());
        } catch (IllegalArgumentException e) {
            boolean help = e.getMessage().startsWith("usage:");
            (help ? System.out : System.err).println(e.getMessage());
            System.exit(help ? 0 : 2);
            return;
        }
        Path buildRoot = Path.of(System.getProperty("databroker.build.root", workingDir.toString())).toAbsolutePath();
        // The in-process Kafka broker logs through slf4j-simple: warnings and errors only, into a file.
        Files.createDirectories(options.dataDir().resolve("logs"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", options.dataDir().resolve("logs/servers.log").toString());
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");

        LocalPipeline pipeline = new LocalPipeline(options, System.getenv());
        Runtime.getRuntime().addShutdownHook(new Thread(pipeline::stopOnSignal, "local-pipeline-shutdown"));
        try {
            pipeline.start(buildRoot);
        } catch (StopRequestedException e) {
            return;
        } catch (IOException | RuntimeException e) {
            if (!pipeline.stopRequested) {
                say("start failed: " + e.getMessage());
                pipeline.stop();
                // Before exit: the shutdown hook waits for it.
                pipeline.startFinished.countDown();
                System.exit(1);
            }
            return;
        } finally {
            pipeline.startFinished.countDown();
        }
        // Runs until Ctrl-C / SIGTERM: the shutdown hook stops everything, then the JVM exits.
        new CountDownLatch(1).await();
    }

    void start(Path buildRoot) throws IOException {
        long started = System.nanoTime();
        Path data = options.dataDir();
        Files.createDirectories(data);
        say("data directory " + data + (Files.isDirectory(data.resolve("kafka")) ? " (reusing the data of earlier runs)" : ""));
        // Before any server starts: a missing jar or a wrong --replay DIR fails at once.
        Map<Service, Path> jars = new EnumMap<>(Service.class);
        options.services().forEach(service -> jars.put(service, ServiceProcess.moduleJar(buildRoot, service.module(), VERSION)));
        ReplaySamples samples = !options.replay() ? null
                : options.replayDir() != null ? new ReplaySamples(options.replayDir())
                : ReplaySamples.unpackBundled(data.resolve("samples"));

        String kafkaBootstrap = options.kafkaBootstrap();
        if (options.startsKafka()) {
            say("starting Kafka (KRaft, in this JVM) on 127.0.0.1:" + options.kafkaPort() + ", log dir " + data.resolve("kafka"));
            KafkaBroker kafka = keep("Kafka", KafkaBroker.start(options.kafkaPort(), data.resolve("kafka")));
            kafkaBootstrap = kafka.bootstrapServers();
            say("Kafka is ready on " + kafkaBootstrap);
        } else {
            say("using Kafka at " + kafkaBootstrap);
        }

        String elasticsearchUrl = options.elasticsearchUrl();
        if (options.startsElasticsearch()) {
            checkNotStopping();
            say("starting Elasticsearch on 127.0.0.1:" + options.elasticsearchPort() + ", data "
                    + data.resolve("elasticsearch") + " (the very first start also unpacks the distribution)");
            ElasticsearchNode elasticsearch = keep("Elasticsearch", ElasticsearchNode.start(ElasticsearchNode.Options.defaults()
                    .withHttpPort(options.elasticsearchPort()).withDataDir(data.resolve("elasticsearch"))
                    .withClusterName("data-broker-local")));
            elasticsearchUrl = elasticsearch.httpUrl();
            say("Elasticsearch is ready on " + elasticsearchUrl);
            say("WARNING: this local Elasticsearch (integ-test distribution) has no ILM: hot-writer runs with "
                    + "broker.hot.ilm.enabled=false, so the 10-day retention (hot_store_policy) is NOT enforced here. "
                    + "Clusters with ILM (compose.yaml, deploy/) enforce it.");
        } else if (options.services().contains(Service.HOT_WRITER)) {
            say("using Elasticsearch at " + elasticsearchUrl);
        }

        checkNotStopping();
        List<String> sources;
        Map<Service, Map<String, String>> sourceEnv;
        ReplayServer replay = null;
        if (samples != null) {
            replay = keep("replay server", ReplayServer.start(samples, options.replayPort(),
                    data.resolve("replay"), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            say("replaying the samples in " + samples.dir() + " (served on " + replay.url() + ")");
            sources = replay.summary();
            sourceEnv = replay.environment();
        } else {
            LiveSources live = new LiveSources(options.feeds(), userEnv);
            sources = live.summary();
            sourceEnv = live.environment();
        }

        checkNotStopping();
        LocalOpsUser opsUser = LocalOpsUser.ensure(data, userEnv);
        ServiceEnvironment wiring = new ServiceEnvironment(kafkaBootstrap, elasticsearchUrl,
                options.startsElasticsearch(), data, options.dnstapPort(), opsUser == null ? null : opsUser.usersFile());
        List<ServiceProcess> processes = new ArrayList<>();
        for (Service service : options.services()) {
            processes.add(ServiceProcess.of(service.module(),
                    jars.get(service),
                    options.managementPorts().get(service),
                    wiring.forService(service, sourceEnv.getOrDefault(service, Map.of()), userEnv),
                    data.resolve("logs")));
        }
        LocalServices services = keep("services", LocalServices.start(processes, LocalPipeline::say));
        if (!services.awaitReady(READY_TIMEOUT, () -> stopRequested, LocalPipeline::say)) {
            throw new StopRequestedException();
        }
        if (replay != null) {
            replay.releaseGithubAndNews();
        }
        say(banner(kafkaBootstrap, elasticsearchUrl, services, sources, opsUser, (System.nanoTime() - started) / 1_000_000_000));
    }

    private String banner(String kafka, String elasticsearch, LocalServices services, List<String> sources,
                          LocalOpsUser opsUser, long seconds) {
        Path data = options.dataDir();
        StringBuilder text = new StringBuilder();
        text.append("all ").append(services.processes().size()).append(" service(s) ready in ").append(seconds)
                .append(" s").append(options.replay() ? ", replaying samples" : ", reading the live sources").append('\n');
        text.append("  Kafka              ").append(kafka).append(options.startsKafka() ? "  (log dir " + data.resolve("kafka") + ")" : "").append('\n');
        if (options.services().contains(Service.HOT_WRITER)) {
            text.append("  Elasticsearch      ").append(elasticsearch)
                    .append(options.startsElasticsearch() ? "  (data " + data.resolve("elasticsearch") + ")" : "").append('\n');
        }
        if (options.services().contains(Service.COLD_WRITER)) {
            text.append("  Delta tables       ").append(data.resolve("cold-store")).append("/<source>_historical")
                    .append("  (unless BROKER_COLD_BASE_URI says otherwise)\n");
        }
        text.append("  logs               ").append(data.resolve("logs")).append("/<service>.log, servers.log\n");
        text.append("  services           management port: /actuator/health, /actuator/prometheus\n");
        for (ServiceProcess process : services.processes()) {
            text.append(String.format("    %-16s %s%n", process.name(), process.url("/actuator/health")));
        }
        if (opsUser != null) {
            text.append("  Operations API     user ").append(LocalOpsUser.USER).append(", password in ")
                    .append(opsUser.credentialsFile()).append(", e.g.\n")
                    .append("    DATABROKER_OPS_CREDENTIALS=").append(opsUser.credentialsFile())
                    .append(" bin/databroker-ops --service hot-writer verify\n");
        }
        if (options.services().contains(Service.INGEST_DNS)) {
            text.append("  dnstap             127.0.0.1:").append(options.dnstapPort())
                    .append("  (Frame Streams over TCP, e.g. unbound: dnstap-ip: 127.0.0.1@").append(options.dnstapPort()).append(")\n");
        }
        text.append("  sources\n");
        sources.forEach(line -> text.append("    ").append(line).append('\n'));
        if (options.services().contains(Service.HOT_WRITER)) {
            text.append("  try                curl '").append(elasticsearch).append("/news_recent/_search?pretty'\n");
        }
        text.append("Press Ctrl-C to stop.");
        return text.toString();
    }

    /** The shutdown hook: lets a component that is still starting come up (so it can be stopped), then stops all. */
    private void stopOnSignal() {
        stopRequested = true;
        try {
            if (!startFinished.await(START_STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                say("start did not finish within " + START_STEP_TIMEOUT.toSeconds() + " s; stopping what runs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }

    /** Stops in reverse start order: services first, so they finish their last commits while Kafka is still up. */
    void stop() {
        List<Running> toStop;
        synchronized (running) {
            toStop = new ArrayList<>(running);
            running.clear();
        }
        if (toStop.isEmpty()) {
            return;
        }
        say("stopping");
        boolean clean = true;
        for (Running component : toStop) {
            try {
                component.component().close();
                say("stopped " + component.name());
            } catch (Exception e) {
                clean = false;
                say("error while stopping " + component.name() + ": " + e);
            }
        }
        say(clean ? "stopped" : "stopped, with errors (see above)");
    }

    /** Remembers a started component for {@link #stop()}; if a stop arrived meanwhile, gives up starting. */
    private <T extends AutoCloseable> T keep(String name, T component) {
        synchronized (running) {
            running.push(new Running(name, component));
        }
        checkNotStopping();
        return component;
    }

    private void checkNotStopping() {
        if (stopRequested) {
            throw new StopRequestedException();
        }
    }

    private static void say(String line) {
        System.out.println("[data-broker] " + line);
    }
}
