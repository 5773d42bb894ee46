package io.databroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.databroker.e2e.deploy.ExportedMetrics;
import io.databroker.e2e.deploy.ReferencedMetrics;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.HttpProbe;

/**
 * The README's run command in its offline form, {@code ./run-local --replay}, as a user runs it: the launcher's exec
 * jar as a child process (embedded KRaft broker, Elasticsearch node, the seven services as its own children), on free
 * ports and with a fresh data directory, replaying the bundled samples of all four sources. Records of every source
 * must reach Elasticsearch and the Delta tables; every metric the deploy files may use must be in a real scrape; a
 * SIGTERM (what Ctrl-C's SIGINT also triggers) must stop everything and leave no process behind. Steps build on
 * each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    /**
     * Start-up of seven JVMs, Kafka and Elasticsearch, then the replay: about a minute on a quiet 2-core machine, but
     * five were seen while other builds ran (the launcher itself gives the services ten).
     */
    private static final Duration STORE_TIMEOUT = Duration.ofMinutes(12);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    /**
     * What the bundled samples (launcher/src/main/resources/samples/README.md) hold per source: documents in the hot
     * store, rows in the cold store. One news item is 12 days old: outside the hot store's window, in Delta only.
     */
    private static final Map<String, long[]> EXPECTED = Map.of(
            "arxiv", new long[] {4, 4},
            "github", new long[] {4, 4},
            "news", new long[] {7, 8},
            "dns", new long[] {6, 6});

    /**
     * Allow-listed metrics that exist only after an event this run cannot cause: a breaker transition needs an
     * Elasticsearch outage (ElasticsearchOutageApplicationIT in hot-writer scrapes it after one). No rule or dashboard
     * may use them, which {@link #everyExportedMetricIsInARealScrapeOfTheRunningServices} checks.
     */
    private static final Set<String> ONLY_AFTER_AN_ELASTICSEARCH_OUTAGE = Set.of("broker_hot_breaker_transitions_total");

    private static final String[] SERVICES = {
        "ingest-arxiv", "ingest-github", "ingest-news", "ingest-dns", "enrich-service", "hot-writer", "cold-writer"};

    private static Path root;
    private static Path data;
    private static Path output;
    private static Process launcher;
    private static int kafkaPort;
    private static int elasticsearchPort;
    private static int[] managementPorts;
    private static Stores stores;

    @BeforeAll
    static void startTheLauncher() throws IOException {
        root = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT");
        Path jar = root.resolve("launcher/target/launcher-" + version + "-exec.jar");
        assertThat(jar).as("the launcher's exec jar (built by the reactor before e2e)").isRegularFile();
        Path work = Files.createTempDirectory(Files.createDirectories(root.resolve("e2e/target/launcher-runs")), "run-");
        // A temporary directory is private; Elasticsearch runs as another user when we are root, and must reach its data.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = work.resolve("data");
        output = work.resolve("launcher.out");

        int[] ports = FreePorts.distinct(11);
        kafkaPort = ports[0];
        elasticsearchPort = ports[1];
        managementPorts = Arrays.copyOfRange(ports, 2, 9);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddatabroker.build.root=" + root));
        String zip = System.getProperty("databroker.elasticsearch.zip");
        if (zip != null) {
            command.add("-Ddatabroker.elasticsearch.zip=" + zip);
        }
        command.addAll(List.of("-jar", jar.toString(), "--replay", "--data", data.toString(),
                "--kafka-port", Integer.toString(kafkaPort),
                "--elasticsearch-port", Integer.toString(elasticsearchPort),
                "--management-ports", String.join(",", Arrays.stream(managementPorts).mapToObj(Integer::toString).toList()),
                "--dnstap-port", Integer.toString(ports[9]),
                "--replay-port", Integer.toString(ports[10])));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The user's shell could carry service settings; this run must see the launcher's defaults only.
        builder.environment().keySet().removeIf(name -> name.startsWith("BROKER_") || name.equals("GITHUB_TOKEN")
                || name.equals("KAFKA_BOOTSTRAP_SERVERS") || name.equals("ELASTICSEARCH_HOSTS"));
        launcher = builder.start();
        stores = new Stores("http://127.0.0.1:" + elasticsearchPort, "127.0.0.1:" + kafkaPort);
    }

    @AfterAll
    static void stopTheLauncherIfStillRunning() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            List<ProcessHandle> tree = launcher.toHandle().descendants().toList();
            launcher.destroy();
            if (!launcher.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void recordsOfEverySourceReachElasticsearchAndDelta() {
        EXPECTED.forEach((source, counts) -> {
            String alias = source + "_recent";
            whileRunning("%d documents in %s".formatted(counts[0], alias), () -> stores.esCount(alias), n -> n == counts[0]);
        });
        EXPECTED.forEach((source, counts) -> {
            String table = data.resolve("cold-store").resolve(source + "_historical").toString();
            long[] rows = whileRunning("%d rows in %s".formatted(counts[1], table),
                    () -> stores.deltaCounts(table), c -> c != null && c[0] >= counts[1]);
            assertThat(rows).as("rows and distinct ids in " + table).containsExactly(counts[1], counts[1]);
        });
        assertThat(output()).contains("all 7 service(s) ready", "WARNING: this local Elasticsearch", "no ILM");
    }

    @Test
    @Order(2)
    void everyExportedMetricIsInARealScrapeOfTheRunningServices() {
        // Traffic for the failure counters: one record enrich-service must dead-letter.
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.NEWS_FEED.name(), "junk".getBytes(StandardCharsets.UTF_8),
                    "{\"feed_url\": oops".getBytes(StandardCharsets.UTF_8)));
        }
        String enrich = "http://127.0.0.1:" + managementPorts[4] + "/actuator/prometheus";
        whileRunning("enrich-service to count the dead letter", () -> Stores.scrape(enrich, "broker_events_failed_total"), n -> n >= 1);

        Set<String> scraped = new TreeSet<>();
        for (int i = 0; i < SERVICES.length; i++) {
            var response = HttpProbe.get("http://127.0.0.1:" + managementPorts[i] + "/actuator/prometheus");
            assertThat(response.statusCode()).as(SERVICES[i] + " /actuator/prometheus").isEqualTo(200);
            response.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(scraped::add);
        }
        Set<String> allowed = ExportedMetrics.exportedByServices(root);
        Set<String> referenced = ReferencedMetrics.fromDeployFiles(root);

        assertThat(allowed).containsAll(ONLY_AFTER_AN_ELASTICSEARCH_OUTAGE);
        assertThat(referenced).as("metrics the rules and dashboards use must not be outage-only")
                .doesNotContainAnyElementsOf(ONLY_AFTER_AN_ELASTICSEARCH_OUTAGE);
        Set<String> missing = new TreeSet<>(allowed);
        missing.removeAll(scraped);
        missing.removeAll(ONLY_AFTER_AN_ELASTICSEARCH_OUTAGE);
        assertThat(missing).as("names in " + ExportedMetrics.FILE + " that no running service exports").isEmpty();
        Set<String> referencedNotScraped = new TreeSet<>(referenced);
        referencedNotScraped.retainAll(allowed);
        referencedNotScraped.removeAll(scraped);
        assertThat(referencedNotScraped).as("metrics the rules and dashboards use, missing from the scrape").isEmpty();
        assertThat(Stores.scrape("http://127.0.0.1:" + managementPorts[5] + "/actuator/prometheus", "broker_events_skipped_total"))
                .as("hot-writer skipped the 12-day-old news item").isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(3)
    void theOperationsApiAnswersTheAdminTheLauncherGenerated() throws Exception {
        Path credentials = data.resolve("ops/credentials");
        assertThat(Files.getPosixFilePermissions(credentials)).as("owner-only " + credentials)
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String userAndPassword = Files.readString(credentials, StandardCharsets.UTF_8).strip();
        assertThat(userAndPassword).startsWith("admin:");
        assertThat(Files.readString(data.resolve("ops/users"), StandardCharsets.UTF_8))
                .as("the services' file holds a bcrypt hash, not the password")
                .contains("admin:{bcrypt}").doesNotContain(userAndPassword.substring("admin:".length()));
        assertThat(output()).contains("Operations API     user admin, password in " + credentials);

        HttpClient http = HttpClient.newHttpClient();
        String config = "http://127.0.0.1:" + managementPorts[5] + "/ops/config";
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create(config)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("/ops/config without credentials").isEqualTo(401);
        HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create(config))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).as("/ops/config as the generated admin: " + admin.body()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void sigtermStopsEveryComponentAndLeavesNoProcessBehind() throws InterruptedException {
        List<ProcessHandle> children = launcher.toHandle().descendants().toList();
        assertThat(children).as("services, Elasticsearch and its launcher scripts").hasSizeGreaterThanOrEqualTo(8);

        launcher.destroy();
        assertThat(launcher.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("launcher stopped").isTrue();

        // 143 = 128 + SIGTERM: the JVM ran its shutdown hook (which stops everything) and exited on the signal.
        assertThat(launcher.exitValue()).isEqualTo(143);
        assertThat(children.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .as("processes left behind").isEmpty();
        List<String> lines = output().lines().toList();
        assertThat(lines).contains("[data-broker] stopped services", "[data-broker] stopped Elasticsearch",
                "[data-broker] stopped Kafka");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("[data-broker] stopped");
        // The data stays for the next start.
        assertThat(data.resolve("kafka")).isDirectory();
        assertThat(data.resolve("elasticsearch")).isDirectory();
        assertThat(data.resolve("cold-store/news_historical/_delta_log")).isDirectory();
    }

    /** Await.untilValue, but a launcher that exited fails at once, with its output. */
    private static <T> T whileRunning(String what, Supplier<T> value, Predicate<? super T> accept) {
        return Await.untilValue(STORE_TIMEOUT, what, () -> {
            if (!launcher.isAlive()) {
                throw new AssertionError("the launcher exited with status " + launcher.exitValue() + " while waiting for "
                        + what + "; its output:\n" + output());
            }
            return value.get();
        }, accept);
    }

    private static String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
