package io.databroker.cold.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.SparkSql;

/** The loop against a real KRaft broker and real Delta tables, read back with Spark SQL + delta-spark. */
class ColdWriterLoopIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path base;

    private LoopHarness harness;

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void storesEachDocumentOnceWithTypedColumnsAndDeadLettersTheRest() {
        harness = new LoopHarness(suffix(), 3, base);
        harness.start("a");
        List<String> ids = harness.produce("a", 30, 3);
        harness.send(0, "bad-1", "{not json");
        harness.send(1, "bad-2", "{\"source\":\"news\",\"event_time\":\"2026-11-20T00:00:00Z\"}");
        produceAborted(harness.topic, 2, "news:aborted");

        Await.until(WAIT, "all partitions stored up to their end", () -> harness.storedOffsets(3).equals(endOffsets(harness.topic, 3)));

        // the 30 produced, once each: neither the two dead letters nor the two aborted records (32 otherwise)
        assertThat(rowsAndDistinctIds()).containsExactly(30L, 30L);
        Map<String, Object> row = SparkSql.shared().query("SELECT * FROM " + table() + " WHERE id = '" + ids.get(4) + "'").get(0);
        assertThat(row).containsEntry("source", "news")
                .containsEntry("event_time", Instant.parse("2026-11-11T08:00:00Z"))
                .containsEntry("event_date", LocalDate.parse("2026-11-11"))
                .containsEntry("title", "Title of " + ids.get(4))
                .containsEntry("authors", List.of("Ada", "Grace"))
                .containsEntry("categories", List.of());
        assertThat(row.get("linked_papers"))
                .isEqualTo(List.of(Map.of("id", "2411.01234", "title", "P", "primary_category", "cs.DB")));
        assertThat(row.get("domains")).isEqualTo(List.of(Map.of("name", "example.org",
                "first_seen", Instant.parse("2026-11-01T00:00:00Z"), "resolves_to", List.of("192.0.2.1"))));
        // a field news_historical has no column for is kept as JSON
        assertThat(row.get("extra")).isEqualTo("{\"enclosures\":[\"https://example.org/a.mp3\"]}");
        assertThat(SparkSql.shared().query("SELECT DISTINCT event_date FROM " + table() + " ORDER BY event_date"))
                .extracting(r -> r.get("event_date"))
                .containsExactly(LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-11"), LocalDate.parse("2026-11-12"));

        List<ConsumerRecord<byte[], byte[]>> deadLetters = deadLettersOf(harness.topic, 2);
        assertThat(deadLetters).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactlyInAnyOrder("malformed", "coercion_failed");
        assertThat(deadLetters).extracting(r -> header(r, DeadLetterHeaders.STAGE)).containsOnly("cold-writer/coerce");
        assertThat(deadLetters).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("bad-1", "bad-2");
        assertThat(harness.registry.get("broker.events.failed").tags("reason", "malformed").counter().count()).isEqualTo(1);
    }

    @Test
    void resumesFromTheDeltaLogWhateverKafkaCommittedOffsetsSay() throws Exception {
        harness = new LoopHarness(suffix(), 2, base);
        LoopHarness.Running first = harness.start("first");
        harness.produce("one", 20, 2);
        Await.until(WAIT, "first batch stored", () -> harness.storedOffsets(2).equals(endOffsets(harness.topic, 2)));
        first.stop();

        // Kafka's committed offsets behind the log (as after a crash before the lag commit): nothing may be stored twice
        alterGroupOffsets(harness.group, Map.of(tp(harness.topic, 0), 0L, tp(harness.topic, 1), 0L));
        LoopHarness.Running second = harness.start("second");
        harness.produce("two", 10, 2);
        Await.until(WAIT, "second batch stored", () -> harness.storedOffsets(2).equals(endOffsets(harness.topic, 2)));
        second.stop();

        // ... and ahead of it (records never committed to Delta): nothing may be skipped
        harness.produce("three", 10, 2);
        Map<TopicPartition, Long> ends = new HashMap<>();
        endOffsets(harness.topic, 2).forEach((p, last) -> ends.put(tp(harness.topic, p), last + 1));
        alterGroupOffsets(harness.group, ends);
        harness.start("third");
        Await.until(WAIT, "third batch stored", () -> harness.storedOffsets(2).equals(endOffsets(harness.topic, 2)));

        // one count for all three runs: a record stored twice by the second run would make it more than 40
        assertThat(rowsAndDistinctIds()).containsExactly(40L, 40L);
    }

    @Test
    void writersSharingATableThroughRebalancesStoreEveryRecordOnce() {
        harness = new LoopHarness(suffix(), 6, base);
        LoopHarness.Running a = harness.start("a");
        harness.produce("p1", 60, 6);
        LoopHarness.Running b = harness.start("b");
        Await.until(WAIT, "the partitions split between both writers",
                () -> !a.consuming().isEmpty() && !b.consuming().isEmpty() && a.consuming().size() + b.consuming().size() == 6);
        harness.produce("p2", 60, 6);
        Await.until(WAIT, "both writers committed their partitions",
                () -> harness.storedOffsets(6).equals(endOffsets(harness.topic, 6)));
        a.stop();
        harness.produce("p3", 60, 6);

        Await.until(WAIT, "all partitions stored up to their end", () -> harness.storedOffsets(6).equals(endOffsets(harness.topic, 6)));

        assertThat(rowsAndDistinctIds()).containsExactly(180L, 180L);
    }

    private String table() {
        return "delta.`" + harness.tablePath + "`";
    }

    /** {@code count(*)} and {@code count(DISTINCT id)} of the table, in one query. */
    private List<Long> rowsAndDistinctIds() {
        Map<String, Object> counts = SparkSql.shared()
                .query("SELECT count(*) AS n, count(DISTINCT id) AS d FROM " + table()).get(0);
        return List.of(((Number) counts.get("n")).longValue(), ((Number) counts.get("d")).longValue());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    /** Partition → offset of the last data record (transaction markers excluded), for non-empty partitions. */
    private Map<Integer, Long> endOffsets(String topic, int partitions) {
        Map<Integer, Long> last = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("end-offsets-" + suffix())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(tp(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    last.put(r.partition(), r.offset());
                }
            }
        }
        return last;
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("dlq-" + suffix())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTER_QUEUE.name()));
            Await.until(WAIT, expected + " dead letters of " + topic, () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (topic.equals(header(r, DeadLetterHeaders.ORIGINAL_TOPIC))) {
                        found.add(r);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The enriched topics are written in transactions, so each partition ends with a commit marker after its last
     * record. The group's committed offsets (what lag monitoring reads) must reach past it: lag 0 once all is stored.
     */
    @Test
    void committedOffsetsReachTheEndOfATransactionallyWrittenTopic() throws Exception {
        harness = new LoopHarness(suffix(), 2, base);
        harness.start("a");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "committing-" + suffix()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                String id = "news:transactional-" + i;
                producer.send(new ProducerRecord<>(harness.topic, i % 2, id.getBytes(StandardCharsets.UTF_8),
                        LoopHarness.document(id, "2026-11-20T00:00:00Z").getBytes(StandardCharsets.UTF_8)));
            }
            producer.commitTransaction();
        }
        // Five records per partition, offsets 0..4; the commit marker is at 5.
        Await.until(WAIT, "the 10 records stored", () -> harness.storedOffsets(2).equals(Map.of(0, 4L, 1, 4L)));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = Map.of(tp(harness.topic, 0), OffsetSpec.latest(), tp(harness.topic, 1), OffsetSpec.latest());
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            Map<TopicPartition, Long> committed = Await.untilValue(WAIT, "committed offsets at the ends " + ends + " (past the markers)",
                    () -> committedOffsets(admin, harness.group), ends::equals);
            assertThat(committed).isEqualTo(ends);
        }
    }

    private static Map<TopicPartition, Long> committedOffsets(Admin admin, String group) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> offsets.put(partition, offset == null ? -1 : offset.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void produceAborted(String topic, int count, String idPrefix) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-" + suffix()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < count; i++) {
                String id = idPrefix + i;
                producer.send(new ProducerRecord<>(topic, i % 3, id.getBytes(StandardCharsets.UTF_8),
                        LoopHarness.document(id, "2026-11-20T00:00:00Z").getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    private void alterGroupOffsets(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
        offsets.forEach((tp, offset) -> target.put(tp, new OffsetAndMetadata(offset)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafka.bootstrapServers()))) {
            admin.alterConsumerGroupOffsets(group, target).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return CloudEventHeaders.text(record.headers(), name);
    }
}
