package io.databroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.shared.envelope.CloudEventHeaders;
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
import io.databroker.testsupport.UnboundResolver;

/**
 * Chaos with zero loss (issue 11): the whole pipeline on real servers while a driver kills -9 a random service every
 * few seconds (each of the seven at least {@code chaos.kills} times, each restarted at once), restarts the Kafka broker
 * once (same port, same log directory) and stops Elasticsearch for {@code chaos.esOutageSeconds} (then starts it on
 * the same data and port). Meanwhile a counted producer writes {@code chaos.events} events straight to the raw topics
 * (with deliberate redeliveries and deliberately bad records), and the ingest services do real work from local
 * sources: a growing GitHub events page, GH Archive hours, a growing RSS feed, an OAI-PMH page and a real unbound
 * sending dnstap for a stream of dig queries.
 *
 * <p>Afterwards every store holds each distinct event exactly once: Elasticsearch documents == distinct events (all
 * inside the 10-day window), Delta {@code count(*) == count(DISTINCT id) ==} distinct events, the dead-letter queue
 * holds exactly the bad records, every consumer group's lag is back to 0 and every service is ready.
 *
 * <p>CI runs the short version; the long one: {@code ./mvnw -B -pl e2e -am verify -Dit.test=ChaosIT
 * -Dchaos.events=1000000 -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class ChaosIT {

    private static final int EVENTS = Integer.getInteger("chaos.events", 200_000);
    /** Events per second the producer writes; the chaos lasts at least as long as producing takes. */
    private static final int RATE = Integer.getInteger("chaos.rate", 2_500);
    private static final int KILLS_PER_SERVICE = Integer.getInteger("chaos.kills", 3);
    private static final Duration KILL_EVERY = Duration.ofMillis(Long.getLong("chaos.killEveryMillis", 4_000));
    private static final Duration ES_OUTAGE = Duration.ofSeconds(Long.getLong("chaos.esOutageSeconds", 60));
    private static final int BAD_RECORDS = Integer.getInteger("chaos.badRecords", 200);
    /** Every this many events, one is sent a second time (a producer's redelivery). */
    private static final int REDELIVER_EVERY = 100;
    private static final long SEED = Long.getLong("chaos.seed", System.nanoTime());
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(Long.getLong("chaos.settleSeconds", 600));
    private static final String BAD_KEY_PREFIX = "chaos-bad-";
    private static final String DNS_IDENTITY = "unbound-chaos";

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private KafkaBroker broker;

    @AfterEach
    void tearDown() {
        stopping.set(true);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                System.out.println("[chaos] closing " + toClose.get(i) + " failed: " + e);
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyEventEndsUpExactlyOnceInBothStoresWhileServicesTheBrokerAndElasticsearchFail() throws Exception {
        long testStarted = System.nanoTime();
        double cpuAtStart = cpuSeconds();
        Instant now = Instant.now();
        System.out.printf("[chaos] %d events at %d/s, %d kills per service every %s, ES outage %s, seed %d%n",
                EVENTS, RATE, KILLS_PER_SERVICE, KILL_EVERY, ES_OUTAGE, SEED);
        Path buildRoot = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory(Files.createDirectories(buildRoot.resolve("e2e/target/e2e-runs")), "chaos-");

        broker = KafkaBroker.start(FreePorts.one(), work.resolve("kafka"));
        String bootstrap = broker.bootstrapServers();
        ElasticsearchNode elasticsearch = ElasticsearchNode.start(ElasticsearchNode.Options.defaults());
        toClose.add(elasticsearch);
        FixtureHttpServer http = FixtureHttpServer.start();
        toClose.add(http);
        ChaosSources sources = new ChaosSources(http, now, 6, 2_000, Duration.ofSeconds(6));
        // The same page on every harvest: ingest-arxiv re-publishes its three versions every poll, all the way
        // through the chaos, and the rest of the pipeline must keep them at one document each.
        http.respond("/oai",
                Response.ok("text/xml; charset=utf-8", FeedFixture.load("/fixtures/arxiv/list-records-arxivraw.xml", now)));
        int arxivVersions = 3;

        Path coldStore = work.resolve("cold-store");
        int dnstapPort = FreePorts.one();
        Pipeline pipeline = Pipeline.start(new Pipeline.Settings(buildRoot,
                        System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"),
                        bootstrap, elasticsearch.httpUrl(), coldStore.toUri().toString(),
                        http.url(ChaosSources.FEED_PATH), work.resolve("logs"), true,
                        Map.of(Service.INGEST_NEWS, Map.of("BROKER_NEWS_POLL_INTERVAL", "1s", "BROKER_NEWS_ERRORBACKOFF", "2s"),
                                Service.INGEST_ARXIV, Map.of(
                                        "BROKER_ARXIV_BASE_URL", http.url("/oai"),
                                        "BROKER_ARXIV_FROM", LocalDate.now(ZoneOffset.UTC).minusDays(2).toString(),
                                        "BROKER_ARXIV_REQUEST_INTERVAL", "100ms",
                                        "BROKER_ARXIV_POLL_INTERVAL", "2s"),
                                Service.INGEST_GITHUB, Map.of(
                                        "BROKER_GITHUB_API_URL", http.url(""),
                                        "BROKER_GITHUB_POLL_INTERVAL", "1s",
                                        "BROKER_GITHUB_ARCHIVE_URL", http.url(ChaosSources.ARCHIVE_PATH),
                                        "BROKER_GITHUB_BACKFILL_FROM", sources.backfillFrom(),
                                        "BROKER_GITHUB_BACKFILL_TO", sources.backfillTo(),
                                        "BROKER_GITHUB_BACKFILL_CHUNK_LINES", "250"),
                                Service.INGEST_DNS, Map.of("BROKER_DNS_TCP_PORT", Integer.toString(dnstapPort)),
                                Service.COLD_WRITER, Map.of("BROKER_COLD_FLUSH_MAX_LATENCY", "3s"))),
                Duration.ofSeconds(300), line -> System.out.println("[chaos] " + line));
        toClose.add(pipeline);
        long pipelineReady = System.nanoTime();
        double cpuAtPipelineReady = cpuSeconds();

        UnboundResolver unbound = UnboundResolver.start(work.resolve("unbound"), DNS_IDENTITY, ChaosSources.dnsZone(),
                List.of("  dnstap-ip: 127.0.0.1@" + dnstapPort, "  dnstap-tls: no"));
        toClose.add(unbound);

        // Background load: the sources grow with every answered request; dig keeps unbound's dnstap flowing.
        AtomicBoolean sourcesRunning = new AtomicBoolean(true);
        AtomicBoolean digRunning = new AtomicBoolean(true);
        AtomicLong digs = new AtomicLong();
        Thread sourceTicker = daemon("chaos-sources", () -> {
            while (sourcesRunning.get() && !stopping.get()) {
                sources.advance();
                sleep(200);
            }
        });
        Thread digLoop = daemon("chaos-dig", () -> {
            for (int i = 0; digRunning.get() && !stopping.get(); i++) {
                try {
                    unbound.dig("host" + (i % 10) + ".chaos.example.com", "A");
                    digs.incrementAndGet();
                } catch (RuntimeException e) {
                    // unbound answers from its local zone; a failed dig only means one query less.
                }
                sleep(100);
            }
        });
        // Like systemd's Restart=always or a Kubernetes restart policy: a service that exits on its own (hot-writer
        // does when Elasticsearch is unreachable for broker.hot.setup-timeout at start) is started again.
        Map<Service, Integer> exits = new EnumMap<>(Service.class);
        daemon("chaos-supervisor", () -> {
            while (!stopping.get()) {
                for (Service service : Service.values()) {
                    ServiceProcess process = pipeline.service(service);
                    synchronized (pipeline) {
                        if (!stopping.get() && !process.isAlive()) {
                            System.out.println("[chaos] " + service.module() + " exited on its own; starting it again. Log tail:\n"
                                    + process.logTail(3));
                            exits.merge(service, 1, Integer::sum);
                            process.start();
                        }
                    }
                }
                sleep(1_000);
            }
        });
        CountedProducer producer = new CountedProducer(bootstrap, now, new Random(SEED));
        Thread producing = daemon("chaos-producer", producer::run);
        long chaosStarted = System.nanoTime();

        // The driver: kill -9 a ready service every few seconds (the one killed least so far, ties broken at random)
        // and restart it at once; restart the broker once and take Elasticsearch away once, both mid-run.
        Random random = new Random(SEED);
        Map<Service, Integer> kills = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            kills.put(service, 0);
        }
        boolean brokerRestarted = false;
        long brokerDownMillis = 0;
        Thread esOutage = null;
        AtomicLong esDownMillis = new AtomicLong();
        while (true) {
            int total = kills.values().stream().mapToInt(Integer::intValue).sum();
            boolean killsDone = kills.values().stream().allMatch(k -> k >= KILLS_PER_SERVICE);
            if (killsDone && !producing.isAlive() && brokerRestarted && esOutage != null && !esOutage.isAlive()) {
                break;
            }
            if (producer.failure.peek() != null) {
                throw new AssertionError("the test's producer failed: " + producer.failure.peek(), producer.failure.peek());
            }
            if (esOutage == null && total >= 3) {
                esOutage = daemon("chaos-es-outage", () -> {
                    long down = System.nanoTime();
                    System.out.println("[chaos] stopping Elasticsearch for " + ES_OUTAGE);
                    elasticsearch.stop();
                    sleep(ES_OUTAGE.toMillis());
                    restartUntilReady(elasticsearch);
                    esDownMillis.set((System.nanoTime() - down) / 1_000_000);
                    System.out.println("[chaos] Elasticsearch back after " + esDownMillis.get() + " ms");
                });
            }
            if (!brokerRestarted && total >= Service.values().length) {
                long down = System.nanoTime();
                System.out.println("[chaos] restarting the Kafka broker on " + bootstrap);
                broker = broker.restart();
                brokerDownMillis = (System.nanoTime() - down) / 1_000_000;
                brokerRestarted = true;
                System.out.println("[chaos] Kafka broker back after " + brokerDownMillis + " ms");
            }
            Service victim = pickVictim(pipeline, kills, random);
            if (victim != null) {
                ServiceProcess process = pipeline.service(victim);
                synchronized (pipeline) {
                    process.kill();
                    process.start();
                }
                kills.merge(victim, 1, Integer::sum);
                System.out.printf("[chaos] t+%ds kill -9 %s (#%d); %d events produced%n",
                        secondsSince(chaosStarted), victim.module(), kills.get(victim), producer.sent.get());
            }
            sleep(KILL_EVERY.toMillis());
        }
        long chaosSeconds = secondsSince(chaosStarted);
        assertThat(esDownMillis.get()).as("Elasticsearch started again after its outage (see the log above)").isPositive();

        // Settle: sources stop growing, every service comes back; DNS queries continue until then, so ingest-dns
        // publishes (and acknowledges) again after the broker restart, then stop.
        sources.freeze();
        sourcesRunning.set(false);
        Await.until(SETTLE_TIMEOUT, "every service ready again", () -> pipeline.all().stream().allMatch(ChaosIT::isReady));
        digRunning.set(false);
        digLoop.join();
        sourceTicker.join();
        Stores stores = new Stores(elasticsearch.httpUrl(), bootstrap);
        // The DNS documents ingest-dns made: whatever reached dns_data from it (unbound drops dnstap while no collector
        // listens, so the resolver side is not countable), read once nothing new arrived for longer than ingest-dns's
        // pairing timeout (5 s: a query whose response never came is published alone after it).
        Set<String> ingestedDnsIds = Await.untilValue(Duration.ofSeconds(120), "dns_data to stop growing",
                new java.util.function.Supplier<Set<String>>() {
                    private Set<String> last = Set.of();

                    @Override
                    public Set<String> get() {
                        Set<String> ids = ceIds(stores, Topics.DNS_DATA.name());
                        Set<String> previous = last;
                        last = ids;
                        sleep(6_000);
                        return ids.equals(previous) ? ids : null;
                    }
                }, ids -> ids != null);

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("github", (long) producer.distinct[0] + sources.liveEvents() + sources.archiveEvents());
        expected.put("news", (long) producer.distinct[1] + sources.feedItems());
        expected.put("dns", (long) producer.distinct[2] + ingestedDnsIds.size());
        expected.put("arxiv", (long) arxivVersions);

        Map<String, Long> esCounts = new LinkedHashMap<>();
        Map<String, long[]> deltaCounts = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Long> source : expected.entrySet()) {
                String alias = source.getKey() + "_recent";
                long n = Await.untilValue(SETTLE_TIMEOUT, source.getValue() + " documents in " + alias,
                        () -> stores.esCount(alias), c -> c >= source.getValue());
                esCounts.put(source.getKey(), n);
            }
            for (Map.Entry<String, Long> source : expected.entrySet()) {
                Path table = coldStore.resolve(source.getKey() + "_historical");
                long[] counts = Await.untilValue(SETTLE_TIMEOUT, source.getValue() + " rows in " + table,
                        () -> stores.deltaCounts(table.toString()), c -> c != null && c[0] >= source.getValue());
                deltaCounts.put(source.getKey(), counts);
            }
            // Nothing more than expected either: the counts stay put once everything is consumed.
            Map<String, Long> lags = Await.untilValue(SETTLE_TIMEOUT, "every consumer group's lag back to 0",
                    () -> consumerLags(bootstrap), l -> l.values().stream().allMatch(v -> v == 0));
            System.out.println("[chaos] consumer lag per group: " + lags);
            Set<String> dnsIdsNow = ceIds(stores, Topics.DNS_DATA.name());
            if (!dnsIdsNow.equals(ingestedDnsIds)) {
                // Published after dns_data looked settled: one more document in each store, not a duplicate.
                System.out.printf("[chaos] dns_data grew from %d to %d records after it had settled%n",
                        ingestedDnsIds.size(), dnsIdsNow.size());
                ingestedDnsIds = dnsIdsNow;
                long dns = (long) producer.distinct[2] + dnsIdsNow.size();
                expected.put("dns", dns);
                esCounts.put("dns", Await.untilValue(SETTLE_TIMEOUT, dns + " documents in dns_recent",
                        () -> stores.esCount("dns_recent"), c -> c >= dns));
                deltaCounts.put("dns", Await.untilValue(SETTLE_TIMEOUT, dns + " rows in dns_historical",
                        () -> stores.deltaCounts(coldStore.resolve("dns_historical").toString()),
                        c -> c != null && c[0] >= dns));
                Await.until(SETTLE_TIMEOUT, "every consumer group's lag back to 0",
                        () -> consumerLags(bootstrap).values().stream().allMatch(v -> v == 0));
            }
            for (Map.Entry<String, Long> source : expected.entrySet()) {
                assertThat(stores.esCount(source.getKey() + "_recent")).as("documents in %s_recent", source.getKey())
                        .isEqualTo(source.getValue());
                assertThat(stores.deltaCounts(coldStore.resolve(source.getKey() + "_historical").toString()))
                        .as("count(*), count(DISTINCT id) of %s_historical", source.getKey())
                        .containsExactly(source.getValue(), source.getValue());
            }
            List<String> deadLetterKeys = stores.readAll(Topics.DEAD_LETTER_QUEUE.name()).stream()
                    .map(r -> r.key() == null ? "(null key)" : new String(r.key(), StandardCharsets.UTF_8)).sorted().toList();
            assertThat(deadLetterKeys).as("the dead-letter queue holds exactly the bad records, once each")
                    .containsExactlyInAnyOrderElementsOf(producer.badKeys);
            Await.until(Duration.ofSeconds(60), "every service still ready", () -> pipeline.all().stream().allMatch(ChaosIT::isReady));
        } catch (AssertionError | RuntimeException e) {
            System.out.println("[chaos] FAILED; ES counts so far " + esCounts + ", expected " + expected);
            System.out.println("[chaos] distinct keys per topic: " + distinctKeysPerTopic(stores));
            throw e;
        }

        System.out.println("[chaos] ================= figures =================");
        System.out.printf("[chaos] produced: %d distinct events (github %d, news %d, dns %d), %d redeliveries, %d bad records%n",
                producer.distinct[0] + producer.distinct[1] + producer.distinct[2], producer.distinct[0], producer.distinct[1],
                producer.distinct[2], producer.redelivered, producer.badKeys.size());
        System.out.printf("[chaos] ingested from sources: github live %d, GH Archive %d, news %d, dns %d (%d digs), arxiv %d%n",
                sources.liveEvents(), sources.archiveEvents(), sources.feedItems(), ingestedDnsIds.size(), digs.get(), arxivVersions);
        System.out.println("[chaos] kills per service: " + kills + "; exits on their own (restarted): " + exits);
        System.out.println("[chaos] Kafka broker restarted once, down " + brokerDownMillis + " ms; Elasticsearch down "
                + esDownMillis.get() + " ms");
        System.out.println("[chaos] expected distinct events per source: " + expected + " = "
                + expected.values().stream().mapToLong(Long::longValue).sum());
        System.out.println("[chaos] Elasticsearch documents: " + esCounts);
        deltaCounts.forEach((source, c) -> System.out.printf("[chaos] Delta %s_historical: count(*) %d, count(DISTINCT id) %d%n",
                source, c[0], c[1]));
        System.out.println("[chaos] dead-letter queue: " + producer.badKeys.size() + " records, exactly the bad ones");
        System.out.printf("[chaos] duration: pipeline start %ds, chaos %ds, whole test %ds; CPU: %.0f s in all (%.0f s to start"
                        + " the pipeline), i.e. at least %.0f s of wall time on 2 idle cores%n",
                TimeUnit.NANOSECONDS.toSeconds(pipelineReady - testStarted), chaosSeconds, secondsSince(testStarted),
                cpuSeconds() - cpuAtStart, cpuAtPipelineReady - cpuAtStart, (cpuSeconds() - cpuAtStart) / 2);
    }

    /** Elasticsearch's own start timeout (90 s) is short for a machine this loaded: ask again, as an operator would. */
    private static void restartUntilReady(ElasticsearchNode elasticsearch) {
        for (int attempt = 1; ; attempt++) {
            try {
                elasticsearch.restart();
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
                System.out.println("[chaos] Elasticsearch restart attempt " + attempt + " failed, trying again: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    /**
     * The ready service killed least often so far (ties at random); null while none is ready, or while the only ones
     * short of their kills are not ready.
     */
    private static Service pickVictim(Pipeline pipeline, Map<Service, Integer> kills, Random random) {
        List<Service> ready = new ArrayList<>();
        for (Service service : Service.values()) {
            if (isReady(pipeline.service(service))) {
                ready.add(service);
            }
        }
        if (ready.isEmpty()) {
            return null;
        }
        int fewest = ready.stream().mapToInt(kills::get).min().orElseThrow();
        boolean allKilledEnough = kills.values().stream().allMatch(k -> k >= KILLS_PER_SERVICE);
        if (fewest >= KILLS_PER_SERVICE && !allKilledEnough) {
            // Wait for the services still short of their kills (e.g. hot-writer while Elasticsearch is away) rather
            // than kill the others again.
            return null;
        }
        List<Service> candidates = ready.stream().filter(s -> kills.get(s) == fewest).toList();
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static boolean isReady(ServiceProcess process) {
        try {
            return process.isAlive() && HTTP.send(HttpRequest.newBuilder(URI.create(process.url("/actuator/health/readiness")))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The test's own producer: {@code EVENTS} distinct events (half GitHub, a quarter news, a quarter DNS, event
     * times spread over the last four days, inside the hot store's window), one in {@code REDELIVER_EVERY} sent twice,
     * and {@code BAD_RECORDS} records that are not JSON, keyed {@code chaos-bad-<n>}, spread over the raw topics.
     */
    private static final class CountedProducer implements Runnable {
        final AtomicLong sent = new AtomicLong();
        final int[] distinct = new int[3];
        final List<String> badKeys = new ArrayList<>();
        final ConcurrentLinkedQueue<Exception> failure = new ConcurrentLinkedQueue<>();
        int redelivered;
        private final String bootstrap;
        private final Instant now;
        private final Random random;

        CountedProducer(String bootstrap, Instant now, Random random) {
            this.bootstrap = bootstrap;
            this.now = now;
            this.random = random;
        }

        @Override
        public void run() {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            // Rides out the broker restart: retried until acknowledged, never given up on.
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()));
            props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            String[] topics = {Topics.GITHUB_EVENTS.name(), Topics.NEWS_FEED.name(), Topics.DNS_DATA.name()};
            int badEvery = BAD_RECORDS == 0 ? Integer.MAX_VALUE : Math.max(1, EVENTS / BAD_RECORDS);
            long started = System.nanoTime();
            List<ProducerRecord<byte[], byte[]>> toRedeliver = new ArrayList<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < EVENTS; i++) {
                    int kind = i % 4 == 3 ? 2 : i % 4 == 2 ? 1 : 0;
                    Instant eventTime = now.minusSeconds(60 + random.nextInt(4 * 24 * 3600));
                    ProducerRecord<byte[], byte[]> record = event(topics[kind], kind, i, eventTime);
                    send(producer, record);
                    distinct[kind]++;
                    if (i % REDELIVER_EVERY == REDELIVER_EVERY / 2) {
                        toRedeliver.add(record);
                    }
                    if (toRedeliver.size() >= 10) {
                        // Sent again a while later, as a producer retrying after a lost acknowledgement would.
                        toRedeliver.forEach(r -> send(producer, r));
                        redelivered += toRedeliver.size();
                        toRedeliver.clear();
                    }
                    if (i % badEvery == badEvery / 2 && badKeys.size() < BAD_RECORDS) {
                        String key = BAD_KEY_PREFIX + badKeys.size();
                        badKeys.add(key);
                        send(producer, new ProducerRecord<>(topics[badKeys.size() % topics.length], bytes(key),
                                bytes("{\"chaos\": \"" + key + "\", this is not JSON")));
                    }
                    if (i % 500 == 499) {
                        long due = started + (i + 1) * 1_000_000_000L / RATE;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            sleep(TimeUnit.NANOSECONDS.toMillis(wait));
                        }
                    }
                }
                toRedeliver.forEach(r -> send(producer, r));
                redelivered += toRedeliver.size();
                producer.flush();
            } catch (RuntimeException e) {
                failure.add(e);
            }
        }

        private void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    failure.add(e);
                }
            });
            sent.incrementAndGet();
        }

        private static ProducerRecord<byte[], byte[]> event(String topic, int kind, int i, Instant eventTime) {
            String time = eventTime.truncatedTo(ChronoUnit.MILLIS).toString();
            return switch (kind) {
                case 0 -> {
                    long id = 90_000_000_000L + i;
                    yield new ProducerRecord<>(topic, bytes(Long.toString(id)),
                            bytes(ChaosSources.githubEvent(id, "chaos-producer/repo" + (i % 50), eventTime)));
                }
                case 1 -> {
                    String link = "https://chaos-producer.example.org/article/" + i;
                    yield new ProducerRecord<>(topic, bytes(link), bytes("{\"feed_url\":\"https://chaos-producer.example.org/feed.xml\","
                            + "\"fetched_at\":\"" + time + "\",\"published\":\"" + time + "\",\"link\":\"" + link + "\","
                            + "\"guid\":\"chaos-" + i + "\",\"title\":\"Produced article " + i + "\",\"summary\":\"Article " + i
                            + " written straight to news_feed.\"}"));
                }
                default -> {
                    String qname = "q" + i + ".chaos-producer.example.org";
                    yield new ProducerRecord<>(topic, bytes(qname), bytes("{\"identity\":\"chaos-producer\","
                            + "\"message_type\":\"CLIENT_RESPONSE\",\"query_address\":\"192.0.2.1\",\"query_port\":" + (1024 + i % 60000)
                            + ",\"query_time\":\"" + time + "\",\"response_time\":\"" + time + "\",\"message_id\":" + (i % 65536)
                            + ",\"qname\":\"" + qname + "\",\"qtype\":\"A\",\"rcode\":\"NOERROR\","
                            + "\"answers\":[{\"name\":\"" + qname + "\",\"type\":\"A\",\"ttl\":60,\"data\":\"192.0.2.7\"}]}"));
                }
            };
        }
    }

    /** Distinct ce_id headers of a topic (the records ingest services published; the test's producer sets none). */
    private static Set<String> ceIds(Stores stores, String topic) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : stores.readAll(topic)) {
            Header id = record.headers().lastHeader(CloudEventHeaders.ID);
            if (id != null) {
                ids.add(new String(id.value(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    /** For a failure message: distinct record keys on each raw and enriched topic, to see at which stage a loss is. */
    private static Map<String, Integer> distinctKeysPerTopic(Stores stores) {
        Map<String, Integer> counts = new TreeMap<>();
        for (var topic : List.of(Topics.GITHUB_EVENTS, Topics.NEWS_FEED, Topics.DNS_DATA, Topics.ARXIV_RAW,
                Topics.GITHUB_ENRICHED, Topics.NEWS_ENRICHED, Topics.DNS_ENRICHED, Topics.ARXIV_ENRICHED)) {
            try {
                Set<String> keys = new HashSet<>();
                int records = 0;
                for (ConsumerRecord<byte[], byte[]> record : stores.readAll(topic.name())) {
                    records++;
                    keys.add(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
                }
                counts.put(topic.name() + " records", records);
                counts.put(topic.name() + " distinct keys", keys.size());
            } catch (RuntimeException e) {
                counts.put(topic.name() + " unreadable", -1);
            }
        }
        return counts;
    }

    /** Per consumer group (the test's own readers left out), committed offsets behind the last stable offsets. */
    private static Map<String, Long> consumerLags(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, Long> lags = new TreeMap<>();
            for (GroupListing group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
                if (group.groupId().startsWith("e2e-reader-")) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
                long lag = 0;
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() != null) {
                        lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                    }
                }
                lags.put(group.groupId(), lag);
            }
            return lags;
        } catch (Exception e) {
            throw new IllegalStateException("could not read consumer lags: " + e, e);
        }
    }

    /**
     * CPU seconds used so far by this JVM (broker, producer, Spark), the processes it started and reaped (killed
     * services, the earlier Elasticsearch) and those still running: divided by the cores, a floor for the wall time
     * on a quiet machine, which a loaded one cannot show. Linux /proc, clock ticks of 1/100 s.
     */
    private static double cpuSeconds() {
        long ticks = ticks(ProcessHandle.current().pid());
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            ticks += ticks(child.pid());
        }
        return ticks / 100.0;
    }

    /** A process's own CPU ticks and those of its children it has reaped (which no longer show as descendants). */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state(0) … utime(11) stime(12) cutime(13) cstime(14).
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        } catch (Exception e) {
            return 0;
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
