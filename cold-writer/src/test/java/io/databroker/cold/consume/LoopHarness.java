package io.databroker.cold.consume;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.databroker.cold.buffer.FlushPolicy;
import io.databroker.cold.delta.DeltaTableWriter;
import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.RowCoercer;
import io.databroker.cold.delta.TableLocation;
import io.databroker.cold.delta.TableSchemas;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.KafkaBroker;

/**
 * Runs {@link ColdWriterLoop}s against the shared real broker and a real Delta table in a temporary directory, with
 * a per-test topic so tests share the servers. Nothing here is a mock.
 */
final class LoopHarness implements AutoCloseable {

    static final Duration LATENCY = Duration.ofMillis(500);
    private static final String APP_ID = "data-broker-cold";

    final KafkaBroker kafka = KafkaBroker.shared();
    final String topic;
    final String group;
    final String tablePath;
    final Engine engine;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Running> running = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;

    LoopHarness(String name, int partitions, Path base) {
        this(name, partitions, base.toUri().toString(), new Configuration());
    }

    /** A harness whose tables live under {@code baseUri}, reached through the file systems {@code hadoop} configures. */
    LoopHarness(String name, int partitions, String baseUri, Configuration hadoop) {
        this.engine = DefaultEngine.create(hadoop);
        this.topic = "news_enriched_" + name;
        this.group = "cold-writer-" + name;
        this.tablePath = TableLocation.of(baseUri, "news_historical_" + name);
        kafka.createTopic(topic, partitions);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, Optional.of((short) 1), 30_000).ensure(List.of(Topics.DEAD_LETTER_QUEUE));
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A loop over this harness's topic and table, started on its own thread. */
    Running start(String clientId) {
        Running run = new Running(loop(clientId), clientId);
        running.add(run);
        return run;
    }

    /** A loop over this harness's topic and table, not started. */
    ColdWriterLoop loop(String clientId) {
        ColdWriterMetrics metrics = new ColdWriterMetrics(registry);
        DeltaTableWriter writer = new DeltaTableWriter(engine, "news_historical", tablePath, TableSchemas.of(Source.NEWS),
                Map.of(), new KafkaOffsetsInDelta(APP_ID), "cold-writer-it", Clock.systemUTC());
        TableSink sink = new TableSink(Source.NEWS, topic, writer, new RowCoercer(TableSchemas.of(Source.NEWS)),
                new FlushPolicy(LATENCY, 1_000_000, 1_000_000, 1_000), Duration.ofMillis(100), Duration.ofSeconds(2), metrics,
                Clock.systemUTC());
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + clientId);
        Map<String, Object> producerSettings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new ColdWriterLoop(consumer, producerSettings, List.of(sink), Duration.ofMillis(100), metrics, registry,
                Clock.systemUTC());
    }

    /** Sends {@code count} news documents with ids {@code news:<prefix>-<i>}, round-robin over the partitions. */
    List<String> produce(String prefix, int count, int partitions) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "news:" + prefix + "-" + i;
            send(i % partitions, id, document(id, "2026-11-" + (10 + i % 3) + "T08:00:00Z"));
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    void send(int partition, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    static String document(String id, String eventTime) {
        return "{\"id\":\"" + id + "\",\"source\":\"news\",\"event_time\":\"" + eventTime + "\","
                + "\"event_date\":\"" + eventTime.substring(0, 10) + "\",\"feed_url\":\"https://example.org/feed\","
                + "\"title\":\"Title of " + id + "\",\"authors\":[\"Ada\",\"Grace\"],\"categories\":[],"
                + "\"published\":\"" + eventTime + "\",\"linked_papers\":[{\"id\":\"2411.01234\","
                + "\"title\":\"P\",\"primary_category\":\"cs.DB\"}],\"domains\":[{\"name\":\"example.org\","
                + "\"first_seen\":\"2026-11-01T00:00:00Z\",\"resolves_to\":[\"192.0.2.1\"]}],"
                + "\"enclosures\":[\"https://example.org/a.mp3\"]}";
    }

    /** The last offset of each partition the table holds, read from the Delta log (empty before the table exists). */
    Map<Integer, Long> storedOffsets(int partitions) {
        Snapshot snapshot;
        try {
            snapshot = TableManager.loadSnapshot(tablePath).build(engine);
        } catch (TableNotFoundException e) {
            return Map.of();
        }
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(p);
        }
        return new KafkaOffsetsInDelta(APP_ID).read(engine, snapshot, topic, all);
    }

    /**
     * True when the table's log holds the last offset of each partition (for topics written without transactions,
     * whose last record is at the end offset - 1).
     */
    boolean storedUpToEnd(int partitions) {
        Map<Integer, Long> last = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.endOffsets(tps).forEach((tp, end) -> {
                if (end > 0) {
                    last.put(tp.partition(), end - 1);
                }
            });
        }
        return storedOffsets(partitions).equals(last);
    }

    @Override
    public void close() {
        running.forEach(Running::stop);
        producer.close();
    }

    /** One loop on its thread. */
    static final class Running {
        final ColdWriterLoop loop;
        private final Thread thread;
        private final AtomicReference<Throwable> died = new AtomicReference<>();

        Running(ColdWriterLoop loop, String name) {
            this.loop = loop;
            this.thread = new Thread(() -> {
                try {
                    loop.run();
                } catch (RuntimeException | Error e) {
                    died.set(e);
                }
            }, "cold-writer-it-" + name);
            thread.start();
        }

        /** The partitions this loop owns and has resumed from the log. */
        Set<Integer> consuming() {
            SinkStatus status = loop.status().get(0);
            Set<Integer> partitions = new TreeSet<>(status.assigned());
            partitions.removeAll(status.waiting());
            return partitions;
        }

        /** Stops the loop (which commits its buffer) and waits for its thread; fails if the loop had died. */
        void stop() {
            loop.stop();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                throw new AssertionError("loop " + thread.getName() + " did not stop");
            }
            if (died.get() != null) {
                throw new AssertionError("loop " + thread.getName() + " died", died.get());
            }
        }
    }
}
