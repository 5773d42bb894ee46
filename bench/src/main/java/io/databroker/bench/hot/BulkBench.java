package io.databroker.bench.hot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.databroker.bench.Result;
import io.databroker.bench.ThreadCpuSplit;
import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.circuit.HotStoreCircuit;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotStoreSetup;
import io.databroker.hot.index.IndexLifecycle;
import io.databroker.hot.index.IndexTemplates;
import io.databroker.hot.pipeline.IndexingLoop;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.node.ObjectNode;

/**
 * hot-writer's sustained indexing rate against the Elasticsearch node's raw bulk rate, in one run on one node:
 * <ul>
 *   <li>baseline: the same canonical documents, pre-serialized into {@code _bulk} bodies of the same batch size, sent
 *       straight to {@code _bulk} by as many concurrent senders as hot-writer's {@code max-concurrent-requests}
 *       (java.net.http, no Kafka), into indices made from the same templates.</li>
 *   <li>measured: the hot-writer core (IndexingLoop: Kafka consumer, admission, BulkIngester, offset tracking and
 *       commits) reading the documents pre-loaded into two enriched topics until all are acknowledged.</li>
 * </ul>
 * Usage: {@code bench/run hot.BulkBench [documents [rounds [warm-up rounds]]]} (default 50000 documents, half news,
 * half GitHub, and 4 counted rounds after 1 warm-up round; each round runs both, in alternating order). hot-writer's
 * JVM runs far more code than the raw senders (Kafka consumer, Jackson, the typed client): on 2 cores its JIT is
 * still compiling for several rounds of 50,000 documents, which the per-round CPU split shows; more warm-up rounds
 * measure the settled rate. The figures are sums over the
 * counted rounds: sustained rates from the first acknowledged request to the last. With
 * {@code BENCH_JAVA_OPTS="-Xmx4g -Dhot.split-cores=true"} the node and this JVM run on separate halves of the CPUs.
 */
public final class BulkBench {

    private static final int BATCH = 1000;
    private static final int CONCURRENCY = 2;
    private static final int PARTITIONS = 4;
    /** CPU time of this JVM (hot-writer's core, the in-process Kafka broker, the raw senders), not of the node. */
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private BulkBench() {
    }

    public static void main(String[] args) throws Exception {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int warmUps = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Doc> docs = documents(documents, now);
        long bytes = docs.stream().mapToLong(d -> d.json.length).sum();
        System.out.printf(Locale.ROOT, "%,d documents, %,d bytes (%.0f bytes each)%n", docs.size(), bytes,
                (double) bytes / docs.size());

        boolean splitCores = Boolean.getBoolean("hot.split-cores");
        try (ElasticsearchNode node = ElasticsearchNode.start(ElasticsearchNode.Options.defaults())) {
            if (splitCores) {
                splitCores(node);
            }
            KafkaBroker kafka = KafkaBroker.shared();
            Map<String, Source> topics = new HashMap<>();
            topics.put("news_enriched_bench", Source.NEWS);
            topics.put("github_enriched_bench", Source.GITHUB);
            topics.forEach((topic, source) -> kafka.createTopic(topic, PARTITIONS));
            preload(kafka.bootstrapServers(), docs);

            // The warm-up rounds (0 and below) warm both paths up (JIT here and in the node) and are not counted; then
            // each round runs both, each into fresh indices that are deleted afterwards, so both see the same node state.
            double rawSeconds = 0;
            double hotSeconds = 0;
            for (int round = 1 - warmUps; round <= rounds; round++) {
                // Alternate which side goes first, so that a load swing on the shared machine favours neither.
                double raw;
                double hot;
                if (Math.floorMod(round, 2) == 0) {
                    raw = rawBulk(node, docs, "raw" + round + "_");
                    hot = hotWriter(node, kafka.bootstrapServers(), topics, docs.size(), "hot" + round + "_");
                } else {
                    hot = hotWriter(node, kafka.bootstrapServers(), topics, docs.size(), "hot" + round + "_");
                    raw = rawBulk(node, docs, "raw" + round + "_");
                }
                System.out.printf(Locale.ROOT, "round %d%s: raw _bulk %,.0f docs/s, hot-writer %,.0f docs/s "
                                + "(load average %.1f)%n", round, round <= 0 ? " (warm-up, not counted)" : "",
                        docs.size() / raw, docs.size() / hot, OS.getSystemLoadAverage());
                if (round > 0) {
                    rawSeconds += raw;
                    hotSeconds += hot;
                }
            }
            double total = (double) docs.size() * rounds;
            new Result("hot-writer, " + rounds + " × " + String.format(Locale.ROOT, "%,d", docs.size())
                    + " canonical news+GitHub docs (1.2 kB) from Kafka, batch " + BATCH + ", " + CONCURRENCY
                    + " concurrent requests" + (splitCores ? ", node and client on separate cores" : ""), "docs/s", total / hotSeconds,
                    "raw `_bulk` of the same pre-serialized docs, same batch and concurrency", total / rawSeconds, 0.90,
                    (splitCores ? "BENCH_JAVA_OPTS=\"-Xmx4g -Dhot.split-cores=true\" " : "") + "bench/run hot.BulkBench "
                            + docs.size() + " " + rounds + (warmUps == 1 ? "" : " " + warmUps)).print();
        }
        System.exit(0);
    }

    /**
     * {@code -Dhot.split-cores=true}: the node's processes on the first half of the CPUs, this JVM (hot-writer or the
     * raw senders, and the in-process broker) on the other half, as in a deployment where the writer does not run on
     * the cluster's machines. Shared cores (the default) charge every CPU-second of the client to the node's rate.
     * Needs {@code taskset} (util-linux) and the right to set another user's affinity (root, as in CI).
     */
    private static void splitCores(ElasticsearchNode node) throws IOException, InterruptedException {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            throw new IllegalStateException("hot.split-cores needs at least 2 CPUs, this machine has " + cpus);
        }
        String nodeCpus = cpus == 2 ? "0" : "0-" + (cpus / 2 - 1);
        String clientCpus = cpus == 2 ? "1" : cpus / 2 + "-" + (cpus - 1);
        System.setProperty(Result.MACHINE_CORES, Integer.toString(cpus));
        for (ProcessHandle process : node.processTree()) {
            pin(process, nodeCpus);
        }
        pin(ProcessHandle.current(), clientCpus);
        System.out.printf(Locale.ROOT, "Elasticsearch on CPU %s, this JVM on CPU %s%n", nodeCpus, clientCpus);
    }

    /** Every existing thread of the process; threads started later inherit the affinity of the one that starts them. */
    private static void pin(ProcessHandle process, String cpus) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (taskset.waitFor() != 0) {
            throw new IllegalStateException("taskset -a -p -c " + cpus + " " + process.pid() + " failed: " + output.strip());
        }
    }

    /** The hot-writer core from a cold start until every document is acknowledged; returns the seconds it took. */
    private static double hotWriter(ElasticsearchNode node, String bootstrap, Map<String, Source> topics, int expected,
                                    String prefix) throws Exception {
        HotWriterProperties.Hot settings = settings(node, prefix);
        try (ElasticsearchConnection connection = ElasticsearchConnection.open(settings)) {
            installTemplates(connection, settings);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Map<String, Object> consumer = new HashMap<>();
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + prefix);
            try (KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
                IndexingLoop loop = IndexingLoop.create(settings, topics, consumer, deadLetters, connection.client(),
                        HotStoreCircuit.create(settings.breaker(), registry), registry, Clock.systemUTC());
                Thread thread = new Thread(loop, "bench-hot-writer");
                long cpu = OS.getProcessCpuTime();
                ThreadCpuSplit split = cpuSplit();
                thread.start();
                // Sustained rate: from the first acknowledged bulk to the last, as for the baseline, so that neither
                // the consumer's group join nor the first request's round trip counts.
                long first = 0;
                long start = 0;
                int polls = 0;
                while (indexed(registry) < expected) {
                    if (!thread.isAlive()) {
                        throw new IllegalStateException("the indexing loop died");
                    }
                    if (first == 0 && indexed(registry) > 0) {
                        start = System.nanoTime();
                        first = indexed(registry);
                    }
                    Thread.sleep(20); // the registry look-up costs CPU the node could use: not more often
                    if (++polls % 10 == 0) {
                        split.sample();
                    }
                }
                long nanos = System.nanoTime() - start;
                split.sample();
                loop.stop();
                thread.join();
                long failed = (long) registry.find(MetricNames.EVENTS_FAILED).counters().stream()
                        .mapToDouble(Counter::count).sum();
                long retried = (long) registry.find(MetricNames.HOT_BULK_RETRIES).counters().stream()
                        .mapToDouble(Counter::count).sum();
                var perRequest = registry.find(MetricNames.HOT_BULK_DOCUMENTS).summary();
                System.out.printf(Locale.ROOT, "  hot-writer: %,d indexed, %,d dead-lettered, %,d re-sent in %.1f s, "
                                + "%d bulk requests of %.0f documents on average, %.1f CPU-µs per document in this JVM%n",
                        indexed(registry), failed, retried, nanos / 1e9, perRequest.count(), perRequest.mean(),
                        (OS.getProcessCpuTime() - cpu) / 1e3 / expected);
                System.out.println("  hot-writer CPU by threads: " + split.perRecord(expected));
                deleteIndices(node, prefix);
                return (nanos / 1e9) * expected / (expected - first);
            }
        }
    }

    private static long indexed(SimpleMeterRegistry registry) {
        return (long) registry.find(MetricNames.EVENTS_PROCESSED).tag(MetricNames.TAG_STAGE, "indexed").counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    /** The same documents, pre-serialized into bulk bodies, sent by {@link #CONCURRENCY} senders; returns seconds. */
    private static double rawBulk(ElasticsearchNode node, List<Doc> docs, String prefix) throws Exception {
        HotWriterProperties.Hot settings = settings(node, prefix);
        DailyIndexRouter router = new DailyIndexRouter(prefix);
        try (ElasticsearchConnection connection = ElasticsearchConnection.open(settings)) {
            installTemplates(connection, settings);
        }
        ConcurrentLinkedQueue<byte[]> bodies = new ConcurrentLinkedQueue<>();
        for (int from = 0; from < docs.size(); from += BATCH) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Doc doc : docs.subList(from, Math.min(from + BATCH, docs.size()))) {
                String action = "{\"index\":{\"_index\":\"" + router.index(doc.source, doc.day) + "\",\"_id\":\""
                        + doc.id + "\"}}\n";
                body.writeBytes(action.getBytes(StandardCharsets.UTF_8));
                body.writeBytes(doc.json);
                body.write('\n');
            }
            bodies.add(body.toByteArray());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI bulk = URI.create(node.httpUrl() + "/_bulk");
        ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicLong firstDone = new AtomicLong();
        long cpu = OS.getProcessCpuTime();
        ThreadCpuSplit split = cpuSplit();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            results.add(senders.submit(() -> {
                int sent = 0;
                for (byte[] body = bodies.poll(); body != null; body = bodies.poll()) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(bulk)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200 || response.body().startsWith("{\"errors\":true")
                            || response.body().contains("\"errors\":true")) {
                        throw new IOException("bulk failed: " + response.statusCode() + " "
                                + response.body().substring(0, Math.min(300, response.body().length())));
                    }
                    firstDone.compareAndSet(0, System.nanoTime());
                    sent++;
                }
                return sent;
            }));
        }
        for (Future<Integer> result : results) {
            result.get();
        }
        split.sample();
        // Sustained rate from the first completed request on (see hotWriter), scaled to all documents.
        long nanos = System.nanoTime() - firstDone.get();
        senders.shutdown();
        System.out.printf(Locale.ROOT, "  raw _bulk: %.1f CPU-µs per document in this JVM%n",
                (OS.getProcessCpuTime() - cpu) / 1e3 / docs.size());
        System.out.println("  raw _bulk CPU by threads: " + split.perRecord(docs.size()));
        deleteIndices(node, prefix);
        return (nanos / 1e9) * docs.size() / (docs.size() - BATCH);
    }

    /** This JVM's CPU by part: hot-writer's loop, its Elasticsearch client and bulk listener, Kafka, raw senders. */
    private static ThreadCpuSplit cpuSplit() {
        Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        groups.put("loop", name -> name.equals("bench-hot-writer"));
        groups.put("es-client", name -> name.startsWith("elasticsearch-rest-client"));
        groups.put("bulk-listener", name -> name.startsWith("bulk-ingester"));
        groups.put("raw-senders", name -> name.startsWith("HttpClient-") || name.startsWith("pool-"));
        groups.put("kafka-clients", name -> name.startsWith("kafka-producer-network-thread")
                || name.startsWith("kafka-coordinator-heartbeat-thread"));
        groups.put("broker", name -> !name.equals("main"));
        return new ThreadCpuSplit(groups);
    }

    /** Deletes the daily indices of one phase by name (destructive_requires_name is on). */
    private static void deleteIndices(ElasticsearchNode node, String prefix) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/_cat/indices/" + prefix
                + "*?h=index")).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String index : list.split("\\s+")) {
            if (!index.isBlank()) {
                http.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/" + index)).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static void installTemplates(ElasticsearchConnection connection, HotWriterProperties.Hot settings) {
        new HotStoreSetup(new IndexLifecycle(connection.restClient(), false, settings.retention()),
                new IndexTemplates(connection.restClient(), new DailyIndexRouter(settings.indexPrefix()), settings),
                new ElasticsearchErrorClassifier(), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Math::random),
                Clock.systemUTC(), Duration.ofSeconds(30)).run(List.of(Source.NEWS, Source.GITHUB));
    }

    /** hot-writer's settings for the single integ-test node, with the benchmark's batch size and concurrency. */
    private static HotWriterProperties.Hot settings(ElasticsearchNode node, String prefix) {
        Map<String, String> values = new HashMap<>();
        values.put("broker.hot.hosts", node.httpUrl());
        values.put("broker.hot.index-prefix", prefix);
        values.put("broker.hot.sources", "news,github");
        values.put("broker.hot.text-analyzer", "standard");
        values.put("broker.hot.ilm.enabled", "false");
        values.put("broker.hot.number-of-replicas", "0");
        values.put("broker.hot.bulk.max-operations", Integer.toString(BATCH));
        values.put("broker.hot.bulk.max-concurrent-requests", Integer.toString(CONCURRENCY));
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("broker", HotWriterProperties.class)
                .hot();
    }

    private static void preload(String bootstrap, List<Doc> docs) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                // Uncompressed, like enrich-service's output topics (the producer default).
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Doc doc : docs) {
                String topic = doc.source == Source.NEWS ? "news_enriched_bench" : "github_enriched_bench";
                producer.send(new ProducerRecord<>(topic, doc.id.getBytes(StandardCharsets.UTF_8), doc.json));
            }
            producer.flush();
        }
    }

    /** Half news, half GitHub, canonical shape (docs/documents.md), spread over the last three days. */
    private static List<Doc> documents(int count, Instant now) {
        List<Doc> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant time = now.minusSeconds((i * 7L) % (3 * 86_400));
            ObjectNode doc = i % 2 == 0 ? news(i, time) : github(i, time);
            docs.add(new Doc(doc.get("id").asString(), i % 2 == 0 ? Source.NEWS : Source.GITHUB,
                    LocalDate.ofInstant(time, ZoneOffset.UTC), Json.mapper().writeValueAsBytes(doc)));
        }
        return docs;
    }

    private static ObjectNode common(String id, String source, Instant time) {
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("id", id).put("source", source).put("event_time", time.toString())
                .put("event_date", LocalDate.ofInstant(time, ZoneOffset.UTC).toString())
                .put("ingested_at", time.plusSeconds(3).toString()).put("enriched_at", time.plusSeconds(4).toString());
        return doc;
    }

    private static ObjectNode news(int i, Instant time) {
        String link = "https://news.example.org/2026/story-" + i;
        ObjectNode doc = common(DocumentIds.newsByLink(link), "news", time);
        doc.put("feed_url", "https://news.example.org/feed.xml").put("source_name", "Example News")
                .put("title", "Researchers report progress on story number " + i)
                .put("link", link).put("published", time.toString()).putNull("updated")
                .put("summary", "A short summary of story " + i + " about quantum error correction and new materials.")
                .put("content", ("Plain text body of story " + i + ". ").repeat(12))
                .put("language", "en").put("content_hash", DocumentIds.sha256Hex("story" + i));
        doc.putArray("authors").add("Ada Lovelace").add("Alan Turing");
        doc.putArray("categories").add("science").add("technology");
        doc.putArray("arxiv_ids").add("2411.0" + (1000 + i % 9000));
        doc.putArray("dois");
        doc.putArray("github_repos").add("apache/kafka");
        doc.putArray("urls").add(link);
        doc.putArray("linked_papers").addObject().put("id", "2411.0" + (1000 + i % 9000))
                .put("title", "Attention is all you need").put("primary_category", "cs.LG");
        ObjectNode domain = doc.putArray("domains").addObject().put("name", "example.org")
                .put("first_seen", time.minusSeconds(86_400).toString());
        domain.putArray("resolves_to").add("192.0.2.10");
        return doc;
    }

    private static ObjectNode github(int i, Instant time) {
        ObjectNode doc = common("github:" + (40_000_000_000L + i), "github", time);
        doc.put("event_id", Long.toString(40_000_000_000L + i)).put("type", i % 3 == 0 ? "PushEvent" : "PullRequestEvent")
                .put("actor_login", "dev" + (i % 500)).put("actor_id", 1000 + i % 500)
                .put("repo_name", "org" + (i % 50) + "/repo" + (i % 200)).put("repo_id", 5000 + i % 200)
                .putNull("org_login").put("public", true).put("action", "opened").put("ref", "refs/heads/main")
                .putNull("ref_type").put("number", i % 1000).put("title", "Fix flaky test " + i)
                .put("text", "Fix flaky test " + i + ": wait for the condition instead of sleeping. See arXiv:2411.01234");
        ObjectNode payload = doc.putObject("payload");
        payload.put("action", "opened").put("number", i % 1000);
        payload.putObject("pull_request").put("title", "Fix flaky test " + i).put("body", "Details ".repeat(20))
                .putObject("head").put("ref", "fix-" + i).put("sha", DocumentIds.sha256Hex("sha" + i));
        doc.putArray("arxiv_ids").add("2411.01234");
        doc.putArray("dois");
        doc.putArray("github_repos");
        doc.putArray("urls");
        doc.putArray("linked_papers");
        doc.putArray("domains");
        return doc;
    }

    /** One pre-serialized document and where it goes. */
    private record Doc(String id, Source source, LocalDate day, byte[] json) {
    }
}
