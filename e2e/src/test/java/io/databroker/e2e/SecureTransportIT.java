package io.databroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.Pipeline;
import io.databroker.testsupport.Pipeline.Service;
import io.databroker.testsupport.ServiceProcess;
import io.databroker.testsupport.TestCertificates;
import io.databroker.testsupport.UnboundResolver;

/**
 * The whole pipeline over secured transports: Kafka only through SASL_SSL (SCRAM-SHA-512, the test CA) and
 * Elasticsearch only over HTTPS with a user, every credential handed to the seven services as an operator would, by
 * environment variables and secret files (a Spring config tree). Then: one record per source in both stores, the
 * management port open only for health and Prometheus, and not one secret in anything the services printed or served.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureTransportIT {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(180);
    private static final String KAFKA_USER = "data-broker";
    private static final String ES_USER = "databroker-writer";
    private static final String OPS_ADMIN = "ops-admin";
    private static final String FEED_PATH = "/feeds/tech-news.xml";
    private static final String OAI_PATH = "/oai";
    private static final String EVENTS_PATH = "/events";
    private static final String DNS_PROBE = "probe.example.test";

    private static final String KAFKA_PASSWORD = TestCertificates.randomSecret();
    private static final String ES_PASSWORD = TestCertificates.randomSecret();
    private static final String OPS_PASSWORD = TestCertificates.randomSecret();

    private static TestCertificates tls;
    private static KafkaBroker kafka;
    private static ElasticsearchNode elasticsearch;
    private static FixtureHttpServer feeds;
    private static Pipeline pipeline;
    private static Stores stores;
    private static UnboundResolver unbound;
    private static Path work;
    private static Path coldStore;
    private static int dnstapPort;
    /** Everything the services served during the run, scanned for secrets at the end. */
    private static final Map<String, String> served = new LinkedHashMap<>();
    /** Each service's environment in the pipeline, for the wrong-password instances. */
    private static final Map<Service, Map<String, String>> serviceEnv = new LinkedHashMap<>();
    private static Path buildRoot;

    @BeforeAll
    static void startSecuredPipeline() throws Exception {
        buildRoot = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory(Files.createDirectories(buildRoot.resolve("e2e/target/e2e-runs")), "secure-");
        tls = TestCertificates.generate(work.resolve("tls"));
        kafka = KafkaBroker.startSaslSsl(new KafkaBroker.SaslSsl(tls, Map.of(KAFKA_USER, KAFKA_PASSWORD)));
        elasticsearch = ElasticsearchNode.startSecured(ElasticsearchNode.Options.defaults(),
                new ElasticsearchNode.Security(tls, ES_USER, ES_PASSWORD));

        feeds = FixtureHttpServer.start();
        feeds.respond(FEED_PATH, Response.ok("application/rss+xml; charset=utf-8",
                FeedFixture.load("/fixtures/feeds/tech-news-5-items.xml", Instant.now())));
        feeds.respond(OAI_PATH, Response.ok("text/xml; charset=utf-8",
                FeedFixture.load("/fixtures/arxiv/list-records-arxivraw.xml", Instant.now())));
        feeds.respond(EVENTS_PATH, Response.ok("application/json; charset=utf-8",
                FeedFixture.load("/fixtures/github/events-page-1.json", Instant.now())).withHeader("ETag", "\"page-1\""));

        coldStore = work.resolve("cold-store");
        dnstapPort = FreePorts.one();
        Map<String, String> secured = securedEnv(work.resolve("secrets"), writeOpsUsers(work.resolve("ops-users")));
        Map<Service, Map<String, String>> extra = new LinkedHashMap<>();
        Map<Service, Map<String, String>> own = Map.of(
                Service.INGEST_NEWS, Map.of("BROKER_NEWS_POLL_INTERVAL", "1s"),
                Service.INGEST_ARXIV, Map.of(
                        "BROKER_ARXIV_BASE_URL", feeds.url(OAI_PATH),
                        "BROKER_ARXIV_FROM", LocalDate.now(ZoneOffset.UTC).minusDays(2).toString(),
                        "BROKER_ARXIV_REQUEST_INTERVAL", "100ms",
                        "BROKER_ARXIV_POLL_INTERVAL", "1h"),
                Service.INGEST_GITHUB, Map.of("BROKER_GITHUB_API_URL", feeds.url(""), "BROKER_GITHUB_POLL_INTERVAL", "1s"),
                Service.INGEST_DNS, Map.of("BROKER_DNS_TCP_PORT", Integer.toString(dnstapPort)),
                Service.COLD_WRITER, Map.of("BROKER_COLD_FLUSH_MAX_LATENCY", "2s"));
        for (Service service : Service.values()) {
            Map<String, String> env = new LinkedHashMap<>(secured);
            env.putAll(own.getOrDefault(service, Map.of()));
            extra.put(service, env);
        }
        serviceEnv.putAll(extra);
        pipeline = Pipeline.start(new Pipeline.Settings(buildRoot,
                        System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"),
                        kafka.saslSslBootstrapServers(), elasticsearch.httpUrl(), coldStore.toUri().toString(),
                        feeds.url(FEED_PATH), work.resolve("logs"), true, extra),
                Duration.ofSeconds(300), System.out::println);
        // The tests' own reads go through the broker's PLAINTEXT listener, which no service was told about.
        stores = new Stores(elasticsearch.httpUrl(), kafka.bootstrapServers());
    }

    /**
     * What an operator sets: addresses and names in the environment, every password in a file of a Spring config tree
     * ({@code SPRING_CONFIG_IMPORT=configtree:DIR/}, one file per secret, referenced as {@code ${file-name}}). A file
     * must not be named like a variable that is set: {@code elasticsearch-password} would resolve to
     * {@code ELASTICSEARCH_PASSWORD} itself (relaxed binding) and fail as a circular placeholder.
     */
    static Map<String, String> securedEnv(Path secrets, Path opsUsers) throws IOException {
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("kafka-sasl-password"), KAFKA_PASSWORD);
        Files.writeString(secrets.resolve("kafka-truststore-password"), tls.truststorePassword());
        Files.writeString(secrets.resolve("elasticsearch-user-password"), ES_PASSWORD);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_CONFIG_IMPORT", "configtree:" + secrets + "/");
        env.put("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + KAFKA_USER + "\" password=\"${kafka-sasl-password}\";");
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:" + tls.truststore());
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12");
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", "${kafka-truststore-password}");
        env.put("ELASTICSEARCH_USERNAME", ES_USER);
        env.put("ELASTICSEARCH_PASSWORD", "${elasticsearch-user-password}");
        env.put("ELASTICSEARCH_CA_CERT", tls.caPem().toString());
        env.put("BROKER_OPS_USERS_FILE", opsUsers.toString());
        return env;
    }

    private static Path writeOpsUsers(Path file) throws IOException {
        Files.writeString(file, OPS_ADMIN + ":{bcrypt}" + new BCryptPasswordEncoder().encode(OPS_PASSWORD) + ":admin\n");
        return file;
    }

    @AfterAll
    static void stopAll() {
        if (unbound != null) {
            unbound.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (feeds != null) {
            feeds.close();
        }
        if (elasticsearch != null) {
            elasticsearch.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void everySourceReachesBothStoresOverSaslSslAndHttps() {
        unbound = UnboundResolver.start(work.resolve("unbound"), "unbound-secure", List.of(
                        "  local-zone: \"example.com.\" static",
                        "  local-data: \"www.example.com. 300 IN A 192.0.2.20\"",
                        "  local-zone: \"example.test.\" static",
                        "  local-data: \"probe.example.test. 300 IN A 192.0.2.1\""),
                List.of("  dnstap-ip: 127.0.0.1@" + dnstapPort, "  dnstap-tls: no"));
        Await.until(STORE_TIMEOUT, "unbound's dnstap to reach dns_data", () -> {
            assertThat(unbound.dig(DNS_PROBE, "A")).containsExactly("192.0.2.1");
            return stores.readAll(Topics.DNS_DATA.name()).stream()
                    .anyMatch(r -> DNS_PROBE.equals(new String(r.key(), StandardCharsets.UTF_8)));
        });

        // dig was seen answering ";; Warning: query response not set" once on a loaded machine: ask again then.
        Await.until(STORE_TIMEOUT, "unbound to answer www.example.com",
                () -> unbound.dig("www.example.com", "A").equals(List.of("192.0.2.20")));

        // The whole count where it is known: the first documents can be searchable a refresh before the last ones.
        Map<String, Long> expected = Map.of("news", 5L, "arxiv", 3L, "github", 3L);
        for (String source : List.of("news", "arxiv", "github", "dns")) {
            Long count = expected.get(source); // dns: however many queries unbound reported
            Await.untilValue(STORE_TIMEOUT, "documents in " + source + "_recent (over HTTPS)",
                    () -> esCount(source + "_recent"), n -> count == null ? n > 0 : count.equals(n));
            Path table = coldStore.resolve(source + "_historical");
            long[] delta = Await.untilValue(STORE_TIMEOUT, "rows in " + table,
                    () -> Files.isDirectory(table.resolve("_delta_log")) ? stores.deltaCounts(table.toString()) : null,
                    c -> c != null && c[0] > 0);
            assertThat(delta[0]).as("no duplicate in " + table).isEqualTo(delta[1]);
        }
        assertThat(esCount("news_recent")).isEqualTo(5);
        assertThat(esCount("arxiv_recent")).isEqualTo(3);
        assertThat(esCount("github_recent")).isEqualTo(3);
    }

    @Test
    @Order(2)
    void managementPortsOpenOnlyHealthAndPrometheusWithoutCredentials() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> open = List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/health", "/health/live", "/health/ready", "/actuator/prometheus");
        List<String> closed = List.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/configprops",
                "/actuator/heapdump", "/actuator/threaddump", "/actuator/loggers", "/actuator/mappings",
                "/actuator/shutdown", "/actuator/metrics", "/ops/config", "/ops/jobs", "/ops/replay", "/ops/verify");
        List<String> failures = new ArrayList<>();
        for (ServiceProcess service : pipeline.all()) {
            for (String path : open) {
                HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(service.url(path))).build());
                if (response.statusCode() != 200) {
                    failures.add(service.name() + " " + path + " -> " + response.statusCode() + " (expected 200)");
                }
                served.put(service.name() + " " + path, response.body());
            }
            for (String path : closed) {
                for (String method : List.of("GET", "POST")) {
                    HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(service.url(path)))
                            .method(method, HttpRequest.BodyPublishers.noBody()).build());
                    if (response.statusCode() != 401 && response.statusCode() != 404) {
                        failures.add(service.name() + " " + method + " " + path + " -> " + response.statusCode());
                    }
                    served.put(service.name() + " " + method + " " + path + " anonymous", response.body());
                }
            }
            HttpResponse<String> config = send(http, HttpRequest.newBuilder(URI.create(service.url("/ops/config")))
                    .header("Authorization", basic(OPS_ADMIN, OPS_PASSWORD)).build());
            assertThat(config.statusCode()).as(service.name() + " /ops/config as admin").isEqualTo(200);
            assertThat(config.body()).as(service.name() + " /ops/config shows the Kafka settings")
                    .contains("spring.kafka.bootstrap-servers");
            served.put(service.name() + " /ops/config", config.body());
        }
        assertThat(failures).as("management endpoints answering other than expected without credentials").isEmpty();
    }

    @Test
    @Order(3)
    void verifyReadsElasticsearchOverHttpsFromBothWriters() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (Service writer : List.of(Service.HOT_WRITER, Service.COLD_WRITER)) {
            ServiceProcess service = pipeline.service(writer);
            HttpResponse<String> verify = send(http, HttpRequest.newBuilder(URI.create(service.url("/ops/verify?sources=news&days=1")))
                    .header("Authorization", basic(OPS_ADMIN, OPS_PASSWORD)).timeout(Duration.ofSeconds(120)).build());
            // 200 (agree) or 409 (drift) both mean the stores were read; a TLS or auth failure is a 5xx.
            assertThat(verify.statusCode()).as(service.name() + " /ops/verify: " + verify.body()).isIn(200, 409);
            served.put(service.name() + " /ops/verify", verify.body());
        }
    }

    @Test
    @Order(4)
    void aWrongKafkaPasswordLeavesEveryServiceRunningAndNotReadyNamingAuthentication() throws IOException {
        // The pipeline's part is done: stopping it here (its logs stay for the scan) leaves the two cores to the
        // eight instances below.
        pipeline.close();
        Path wrongSecrets = Files.createDirectories(work.resolve("wrong-secrets"));
        for (String file : List.of("kafka-truststore-password", "elasticsearch-user-password")) {
            Files.copy(work.resolve("secrets").resolve(file), wrongSecrets.resolve(file));
        }
        Files.writeString(wrongSecrets.resolve("kafka-sasl-password"), "not-the-kafka-password");
        List<ServiceProcess> wrong = new ArrayList<>();
        try {
            for (Service service : wrongPasswordServices()) {
                wrong.add(startBeside(service, "-wrong-password", "configtree:" + wrongSecrets + "/"));
            }
            // And hot-writer with the right Kafka password but a wrong Elasticsearch one.
            Path wrongEs = Files.createDirectories(work.resolve("wrong-es-secrets"));
            Files.copy(work.resolve("secrets").resolve("kafka-sasl-password"), wrongEs.resolve("kafka-sasl-password"));
            Files.copy(work.resolve("secrets").resolve("kafka-truststore-password"), wrongEs.resolve("kafka-truststore-password"));
            Files.writeString(wrongEs.resolve("elasticsearch-user-password"), "not-the-elasticsearch-password");
            ServiceProcess wrongEsWriter = startBeside(Service.HOT_WRITER, "-wrong-es-password", "configtree:" + wrongEs + "/");
            wrong.add(wrongEsWriter);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (ServiceProcess service : wrong) {
                String readiness = Await.untilValue(Duration.ofSeconds(300),
                        service.name() + " to answer readiness DOWN", () -> {
                            if (!service.isAlive()) {
                                throw new AssertionError(service.name() + " exited; log tail:\n" + service.logTail(40));
                            }
                            try {
                                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                        URI.create(service.url("/actuator/health/readiness"))).timeout(Duration.ofSeconds(10)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                return response.statusCode() + " " + response.body();
                            } catch (IOException e) {
                                return "no answer: " + e;
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        }, body -> body.startsWith("503 "));
                served.put(service.name() + " readiness", readiness);
                // Readiness shows no details to anonymous callers: the reason is in the log, for the operator.
                String reason = service == wrongEsWriter ? "Elasticsearch rejects hot-writer's credentials" : "Kafka authentication failed";
                Await.until(Duration.ofSeconds(60), service.name() + " to log the authentication failure",
                        () -> service.logTail(2000).contains(reason));
            }
            for (ServiceProcess service : wrong) {
                assertThat(service.isAlive()).as(service.name() + " still running (no crash loop)").isTrue();
            }
        } finally {
            wrong.forEach(ServiceProcess::close);
            for (ServiceProcess service : wrong) {
                served.put(service.name() + " log", Files.readString(service.logFile(), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * In CI one service per Kafka start path (ingest-news for the three HTTP ingesters, which share ingest-core's
     * start; ingest-dns' producer; enrich-service's Streams; both writers' loops), keeping the test within its
     * budget; all seven with {@code -Dsecure.wrong-password=all}.
     */
    private static List<Service> wrongPasswordServices() {
        if ("all".equals(System.getProperty("secure.wrong-password"))) {
            return List.of(Service.values());
        }
        return List.of(Service.INGEST_NEWS, Service.INGEST_DNS, Service.ENRICH, Service.HOT_WRITER, Service.COLD_WRITER);
    }

    /** Another instance of {@code service} beside the pipeline (own ports, own cold store), with other secrets. */
    private static ServiceProcess startBeside(Service service, String suffix, String configImport) {
        Map<String, String> env = new LinkedHashMap<>(serviceEnv.get(service));
        // What Pipeline gives every service, plus its own Streams state directory.
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.saslSslBootstrapServers());
        env.put("ELASTICSEARCH_HOSTS", elasticsearch.httpUrl());
        env.put("BROKER_NEWS_FEEDS", feeds.url(FEED_PATH));
        env.put("SPRING_KAFKA_STREAMS_STATE_DIR", work.resolve("kafka-streams" + suffix).toString());
        env.put("BROKER_HOT_ILM_ENABLED", "false");
        env.put("BROKER_HOT_TEXT_ANALYZER", "standard");
        env.put("BROKER_HOT_NUMBER_OF_REPLICAS", "0");
        env.put("SPRING_CONFIG_IMPORT", configImport);
        env.put("BROKER_DNS_TCP_PORT", Integer.toString(FreePorts.one()));
        env.put("BROKER_COLD_BASE_URI", work.resolve("cold-store" + suffix).toUri().toString());
        // Its own consumer group: a member of the pipeline's groups would take partitions away from the pipeline.
        env.put("SPRING_KAFKA_CONSUMER_GROUP_ID", service.module() + suffix);
        Path jar = ServiceProcess.moduleJar(buildRoot, service.module(),
                System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"));
        return ServiceProcess.of(service.module() + suffix, jar, FreePorts.one(), env, work.resolve("logs")).start();
    }

    @Test
    @Order(5)
    void noSecretAppearsInLogsMetricsConfigOrDeadLetters() {
        for (ConsumerRecord<byte[], byte[]> deadLetter : stores.readAll(Topics.DEAD_LETTER_QUEUE.name())) {
            for (Header header : deadLetter.headers()) {
                served.put("dead letter header " + header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        // Stopped (again, harmless), so the logs hold everything the services printed while shutting down.
        pipeline.close();
        for (ServiceProcess service : pipeline.all()) {
            try {
                served.put(service.name() + " log", Files.readString(service.logFile(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + service.logFile(), e);
            }
        }
        assertThat(served.keySet()).as("captured outputs").hasSizeGreaterThan(20);
        // The scan reads what it should: Kafka's client config dumps, with the JAAS config and store password masked.
        assertThat(served.get(Service.HOT_WRITER.module() + " log"))
                .contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]");

        Map<String, String> secrets = Map.of(
                "Kafka SCRAM password", KAFKA_PASSWORD,
                "Kafka truststore password", tls.truststorePassword(),
                "broker keystore password", tls.keystorePassword(),
                "Elasticsearch password", ES_PASSWORD,
                "ops admin password", OPS_PASSWORD);
        List<String> leaks = new ArrayList<>();
        served.forEach((where, text) -> secrets.forEach((what, secret) -> {
            for (String form : forms(what, secret)) {
                if (text.contains(form)) {
                    leaks.add(what + " (" + (form.equals(secret) ? "literal" : "base64") + ") in " + where
                            + ": " + around(text, form));
                }
            }
        }));
        assertThat(leaks).as("secrets found in what the services printed or served").isEmpty();
    }

    /** The secret itself, its base64, and the base64 of {@code user:secret} (an HTTP basic header). */
    private static List<String> forms(String what, String secret) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> forms = new ArrayList<>(List.of(secret, base64.encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
        for (String user : List.of(KAFKA_USER, ES_USER, OPS_ADMIN)) {
            forms.add(base64.encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return forms;
    }

    /** The line around a leak, with the secret itself masked so the failure report does not spread it. */
    private static String around(String text, String secret) {
        int at = text.indexOf(secret);
        String line = text.substring(Math.max(0, text.lastIndexOf('\n', at) + 1), Math.min(text.length(),
                text.indexOf('\n', at) < 0 ? text.length() : text.indexOf('\n', at)));
        return line.replace(secret, "<SECRET>");
    }

    private long esCount(String alias) {
        HttpResponse<String> response = send(elasticsearch.httpClient(),
                elasticsearch.request("/" + alias + "/_count").GET().build());
        if (response.statusCode() == 404) {
            return 0;
        }
        Matcher count = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(count.find()).as("count in " + response.body()).isTrue();
        return Long.parseLong(count.group(1));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
