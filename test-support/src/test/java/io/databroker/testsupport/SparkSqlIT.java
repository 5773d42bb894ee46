package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSqlIT {

    @TempDir
    Path tables;

    @Test
    void countsRowsOfDeltaTableCreatedWithSql() {
        SparkSql spark = SparkSql.shared();
        String table = "delta.`" + tables.resolve("papers") + "`";

        spark.query("CREATE TABLE " + table + " (id BIGINT, title STRING, seen_at TIMESTAMP, day DATE,"
                + " tags ARRAY<STRING>, source STRUCT<name: STRING, rank: INT>) USING DELTA");
        spark.query("INSERT INTO " + table + " VALUES"
                + " (1, 'a', TIMESTAMP '2024-05-01 10:00:00', DATE '2024-05-01', array('x', 'y'), named_struct('name', 'arxiv', 'rank', 1)),"
                + " (2, 'b', TIMESTAMP '2024-05-02 11:30:00', DATE '2024-05-02', array(), named_struct('name', 'news', 'rank', 2)),"
                + " (3, 'c', NULL, NULL, NULL, NULL)");

        assertThat(spark.query("SELECT count(*) AS n FROM " + table)).containsExactly(Map.of("n", 3L));
        Map<String, Object> first = spark.query("SELECT * FROM " + table + " WHERE id = 1").get(0);
        assertThat(first).containsEntry("id", 1L)
                .containsEntry("title", "a")
                .containsEntry("seen_at", Instant.parse("2024-05-01T10:00:00Z"))
                .containsEntry("day", LocalDate.of(2024, 5, 1))
                .containsEntry("tags", List.of("x", "y"))
                .containsEntry("source", Map.of("name", "arxiv", "rank", 1));
    }

    @Test
    void readsDeltaTableWrittenWithDataFrameApi() {
        SparkSql spark = SparkSql.shared();
        String path = tables.resolve("range").toString();

        spark.session().range(7).write().format("delta").save(path);

        assertThat(spark.query("SELECT count(*) AS n FROM delta.`" + path + "`")).containsExactly(Map.of("n", 7L));
    }

    /** Spark and the in-JVM Kafka broker share Scala, Jackson and more: both must keep working side by side. */
    @Test
    void sparkAndKafkaBrokerShareOneJvm() {
        KafkaBroker broker = KafkaBroker.shared();
        SparkSql spark = SparkSql.shared();
        String topic = "spark-neighbour";
        broker.createTopic(topic, 1);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v"));
        }
        assertThat(spark.query("SELECT 1 + 1 AS two")).containsExactly(Map.of("two", 2));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "spark-neighbour",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int count = Await.untilValue(Duration.ofSeconds(30), "the record on " + topic,
                    () -> consumer.poll(Duration.ofMillis(200)).count(), n -> n > 0);
            assertThat(count).isEqualTo(1);
        }
    }
}
