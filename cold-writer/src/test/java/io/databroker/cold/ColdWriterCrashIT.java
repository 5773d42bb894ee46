package io.databroker.cold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;

import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.TableLocation;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FreePorts;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.ServiceProcess;
import io.databroker.testsupport.SparkSql;

/**
 * Exactly-once under crashes (ARCHITECTURE §4): two cold-writer JVMs from the packaged jar, in one consumer group
 * over the news and github topics, are killed with SIGKILL alternately at random moments while 200 000 canonical
 * documents are produced, and restarted each time. Spark SQL then finds every document exactly once.
 */
class ColdWriterCrashIT {

    private static final Logger log = LoggerFactory.getLogger(ColdWriterCrashIT.class);

    private static final int DOCUMENTS = 200_000;
    private static final int KILLS = 10;
    private static final int PARTITIONS = 4;
    private static final List<String> TOPICS = List.of("news_enriched", "github_enriched");
    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofMinutes(3);
    /** A chunk is sent in slices of this size with this pause between them: ~6 s per chunk. */
    private static final int SLICE = 1_000;
    private static final Duration SLICE_PAUSE = Duration.ofMillis(300);

    private final Engine engine = DefaultEngine.create(new Configuration());
    private final KafkaOffsetsInDelta offsets = new KafkaOffsetsInDelta("data-broker-cold");
    private Path work;
    private KafkaBroker kafka;
    private final List<ServiceProcess> writers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(Path.of("target", "crash-it", UUID.randomUUID().toString().substring(0, 8)))
                .toAbsolutePath();
        kafka = KafkaBroker.start(0, work.resolve("kafka"));
        TOPICS.forEach(topic -> kafka.createTopic(topic, PARTITIONS));
    }

    @AfterEach
    void tearDown() {
        writers.forEach(ServiceProcess::kill);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void storesEveryDocumentOnceWhileTwoWritersAreKilledAndRestarted() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        log.info("crash test seed {}", seed);
        Path jar = ServiceProcess.moduleJar(Path.of(System.getProperty("databroker.build.root", "..")), "cold-writer",
                System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"));
        for (String name : List.of("a", "b")) {
            writers.add(ServiceProcess.of("cold-writer-" + name, jar, FreePorts.one(), environment(name), work.resolve("logs")));
        }
        writers.forEach(ServiceProcess::start);
        writers.forEach(w -> w.awaitReady(READY));

        int chunk = DOCUMENTS / (KILLS + 1);
        int produced = 0;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (KafkaProducer<String, String> producer = producer()) {
            for (int kill = 0; kill < KILLS; kill++) {
                int from = produced;
                // the chunk is sent over a few seconds while we wait for the kill moment, so that the kill comes with
                // documents in flight; it starts while the writer killed last is still starting
                Future<Integer> sending = sender.submit(() -> producePaced(producer, from, chunk));
                // both writers up (the last one restarted has finished starting): one is down at a time
                writers.forEach(w -> w.awaitReady(READY));
                ServiceProcess victim = writers.get(kill % 2);
                // a random moment: once the writers made 1-3 more commits, so buffers are part full; or, should the
                // writers store the whole chunk first, once they have: a wait for commits that no data will cause
                // would never end
                long target = commits() + 1 + random.nextInt(3);
                Await.until(READY, "commit " + target + " or the whole chunk stored",
                        () -> commits() >= target || sending.isDone() && allStored());
                log.info("kill -9 {} (kill {} of {}) while documents {}..{} are {}", victim.name(), kill + 1, KILLS,
                        from, from + chunk - 1, !sending.isDone() ? "being sent" : allStored() ? "all stored"
                                : "sent, not all stored");
                victim.kill();
                // restarted at once: it starts up while the next chunk is produced and the other writer commits
                victim.start();
                produced = join(sending);
            }
            produced = produce(producer, produced, DOCUMENTS - produced);
        } finally {
            sender.shutdownNow();
        }
        writers.forEach(w -> w.awaitReady(READY));
        assertThat(produced).isEqualTo(DOCUMENTS);

        Await.until(DRAIN, "every partition stored up to its end", this::allStored);
        long rows = 0;
        long distinct = 0;
        for (String table : List.of("news_historical", "github_historical")) {
            Map<String, Object> counts = SparkSql.shared().query(
                    "SELECT count(*) AS n, count(DISTINCT id) AS d FROM delta.`" + path(table) + "`").get(0);
            rows += (Long) counts.get("n");
            distinct += (Long) counts.get("d");
            assertThat(checkpoints(table)).as("checkpoints of " + table).isNotEmpty();
        }
        assertThat(rows).isEqualTo(DOCUMENTS);
        assertThat(distinct).isEqualTo(DOCUMENTS);
        assertThat(SparkSql.shared().query("SELECT count(*) AS n FROM delta.`" + path("github_historical")
                + "` WHERE payload LIKE '{\"push_id\":%' AND repo_id >= 5000000000 AND size(domains) = 1").get(0).get("n"))
                .isEqualTo((long) DOCUMENTS / 2);
    }

    private Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("BROKER_COLD_BASE_URI", work.resolve("lake").toUri().toString());
        env.put("BROKER_COLD_SOURCES", "news,github");
        env.put("BROKER_COLD_FLUSH_MAX_LATENCY", "1s");
        // C1 only: the JVMs start faster (ten restarts), and a writer that lives for ~20 000 documents spends less CPU
        // without C2's compilations than it would gain from C2's code
        env.put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1");
        // a killed member's partitions move to the survivor after 6 s (the broker's minimum) instead of 45 s
        env.put("SPRING_APPLICATION_JSON", "{\"spring.kafka.consumer.client-id\":\"cold-writer-" + name + "\","
                + "\"spring.kafka.consumer.properties.session.timeout.ms\":\"6000\","
                + "\"spring.kafka.consumer.properties.heartbeat.interval.ms\":\"1000\"}");
        return env;
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new StringSerializer());
    }

    /** Sends documents like {@link #produce} in slices over a few seconds, as a live upstream would. */
    private static int producePaced(KafkaProducer<String, String> producer, int from, int count)
            throws InterruptedException {
        int end = from + count;
        for (int n = from; n < end; n += SLICE) {
            produce(producer, n, Math.min(SLICE, end - n));
            Thread.sleep(SLICE_PAUSE.toMillis());
        }
        return end;
    }

    private static int join(Future<Integer> sending) {
        try {
            return sending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while producing", e);
        } catch (ExecutionException e) {
            throw new AssertionError("producing failed", e.getCause());
        }
    }

    /** Sends documents {@code from} .. {@code from + count - 1} (idempotent producer) and waits for their acks. */
    private static int produce(KafkaProducer<String, String> producer, int from, int count) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int n = from; n < from + count; n++) {
            String source = CanonicalDocuments.sourceOf(n);
            producer.send(new ProducerRecord<>(source + "_enriched", CanonicalDocuments.id(source, "crash", n),
                    CanonicalDocuments.document("crash", n)), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
        }
        producer.flush();
        assertThat(failure.get()).as("produce failure").isNull();
        return from + count;
    }

    /** Commits made to both tables so far (their log versions). */
    private long commits() {
        return version("news_historical") + version("github_historical");
    }

    private long version(String table) {
        try {
            return TableManager.loadSnapshot(path(table)).build(engine).getVersion();
        } catch (TableNotFoundException e) {
            return 0;
        }
    }

    /** True when the Delta logs hold the last offset of every partition of both topics. */
    private boolean allStored() {
        Map<String, Long> ends = endOffsets();
        for (String topic : TOPICS) {
            Snapshot snapshot;
            try {
                snapshot = TableManager.loadSnapshot(path(topic.replace("_enriched", "_historical"))).build(engine);
            } catch (TableNotFoundException e) {
                return false;
            }
            List<Integer> partitions = List.of(0, 1, 2, 3);
            Map<Integer, Long> stored = offsets.read(engine, snapshot, topic, partitions);
            for (int p : partitions) {
                long end = ends.get(topic + "-" + p);
                if (end > 0 && !Long.valueOf(end - 1).equals(stored.get(p))) {
                    return false;
                }
            }
        }
        return true;
    }

    private Map<String, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            TOPICS.forEach(t -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    tps.add(new TopicPartition(t, p));
                }
            });
            Map<String, Long> ends = new HashMap<>();
            consumer.endOffsets(tps).forEach((tp, end) -> ends.put(tp.toString(), end));
            return ends;
        }
    }

    private String path(String table) {
        return TableLocation.of(work.resolve("lake").toUri().toString(), table);
    }

    private List<String> checkpoints(String table) {
        try (Stream<Path> log = Files.list(work.resolve("lake").resolve(table).resolve("_delta_log"))) {
            return log.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".checkpoint.parquet")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
