package io.databroker.cold.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;

import io.databroker.cold.delta.CoercedRow;
import io.databroker.cold.delta.DeltaTableWriter;
import io.databroker.cold.delta.KafkaOffsetsInDelta;
import io.databroker.cold.delta.RowCoercer;
import io.databroker.cold.delta.TableLocation;
import io.databroker.cold.delta.TableSchemas;
import io.databroker.shared.json.Json;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.ReplayRequest;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.delta.DeltaDocuments;
import io.databroker.storeops.verify.ElasticsearchRestClients;
import io.databroker.storeops.verify.Store;
import io.databroker.storeops.verify.StoreVerifier;
import io.databroker.storeops.verify.VerifyReport;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.SparkSql;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verify and replay of cold-writer against the real broker, Elasticsearch node and Delta tables, with rows removed
 * the way an operator would: Spark SQL {@code DELETE} (a proper Delta remove).
 */
class ColdOpsIT {

    private static final String APP_ID = "data-broker-cold";

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "news_enriched_cold_ops_" + suffix;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final Engine engine = DefaultEngine.create(new Configuration());
    private Path base;
    private String tablePath;
    private RestClient elasticsearch;

    @BeforeEach
    void setUp() throws IOException {
        base = Files.createTempDirectory("cold-ops-");
        tablePath = TableLocation.of(base.toUri().toString(), Source.NEWS.coldTable());
        KafkaBroker.shared().createTopic(topic, 2);
        elasticsearch = ElasticsearchRestClients.open(List.of(URI.create(ElasticsearchNode.shared().httpUrl())),
                null, null, null);
    }

    @AfterEach
    void tearDown() throws IOException {
        elasticsearch.close();
    }

    @Test
    void verifyAgreesThenNamesExactlyTheIdsDeletedFromElasticsearchAndFromOneDeltaFile() throws Exception {
        List<ObjectNode> documents = documents(60);
        Map<Integer, Long> offsets = produce(documents);
        storeInDelta(documents.subList(0, 30), Map.of());
        storeInDelta(documents.subList(30, 60), offsets);
        index(documents);
        StoreVerifier verifier = verifier();

        VerifyReport agreeing = verifier.verify(List.of(Source.NEWS), 3);
        assertThat(agreeing.agree()).isTrue();
        assertThat(agreeing.sources().get(0).days()).extracting(day -> day.counts().get(Store.TOPIC))
                .containsExactly(20, 20, 20);

        TreeSet<String> deletedFromElasticsearch = new TreeSet<>();
        for (int n = 3; n < 60; n += 12) {
            String id = documents.get(n).get("id").asString();
            elasticsearch.performRequest(new Request("DELETE", "/" + index() + "/_doc/" + id + "?refresh=true"));
            deletedFromElasticsearch.add(id);
        }
        TreeSet<String> deletedFromDelta = deleteOneFilesRows();

        VerifyReport drifted = verifier.verify(List.of(Source.NEWS), 3);

        assertThat(drifted.agree()).isFalse();
        assertThat(named(drifted, Store.ELASTICSEARCH)).isEqualTo(deletedFromElasticsearch);
        assertThat(named(drifted, Store.DELTA)).isEqualTo(deletedFromDelta);
        assertThat(named(drifted, Store.TOPIC)).isEmpty();
    }

    @Test
    void replayRestoresDeletedRowsOnceAndASecondReplayFindsNothingLeftToDo() throws Exception {
        List<ObjectNode> documents = documents(40);
        Map<Integer, Long> offsets = produce(documents);
        storeInDelta(documents, offsets);
        TreeSet<String> deleted = deleteOneFilesRows();
        assertThat(count()).isEqualTo(40 - deleted.size());

        ReplayRequest everything = new ReplayRequest("news", null, null);
        Job first = Job.detached();
        ColdReplay.Result restored = replay().run(first, everything);

        assertThat(restored.appended()).isEqualTo(deleted.size());
        assertThat(restored.present()).isEqualTo(40 - deleted.size());
        assertThat(count()).isEqualTo(40);
        assertThat(distinctIds()).isEqualTo(40);

        // the same request again resumes from the replay's progress in the Delta log: nothing left to read
        Job.Counting second = Job.detached();
        ColdReplay.Result again = replay().run(second, everything);
        assertThat(second.total()).isZero();
        assertThat(again.appended()).isZero();
        // a new request over the same range reads it all again and still adds nothing
        Job third = Job.detached();
        ColdReplay.Result other = replay().run(third, new ReplayRequest("news",
                io.databroker.shared.ops.RangeBound.at(Instant.EPOCH), null));
        assertThat(other.appended()).isZero();
        assertThat(other.present()).isEqualTo(40);
        assertThat(count()).isEqualTo(40);
        assertThat(distinctIds()).isEqualTo(40);
    }

    private ColdReplay replay() {
        return new ColdReplay(engine, base.toUri().toString(), APP_ID, Map.of(), "ops-test", this::consumer,
                source -> topic, Clock.systemUTC());
    }

    private StoreVerifier verifier() {
        return new StoreVerifier(this::consumer, source -> topic, elasticsearch, source -> index(),
                Duration.ofDays(10), new DeltaDocuments(engine, base.toUri().toString()), Duration.ZERO, 50,
                Clock.systemUTC());
    }

    private static TreeSet<String> named(VerifyReport report, Store store) {
        TreeSet<String> ids = new TreeSet<>();
        report.sources().get(0).days().forEach(day -> ids.addAll(day.samples().getOrDefault(store, List.of())));
        return ids;
    }

    /** Deletes all rows of one data file with Spark SQL (Delta removes the file); returns their ids. */
    private TreeSet<String> deleteOneFilesRows() {
        SparkSql spark = SparkSql.shared();
        List<Map<String, Object>> rows = spark.query("SELECT id, input_file_name() AS file FROM delta.`" + tablePath
                + "`");
        String file = rows.stream().map(row -> (String) row.get("file")).sorted().findFirst().orElseThrow();
        TreeSet<String> ids = rows.stream().filter(row -> file.equals(row.get("file")))
                .map(row -> (String) row.get("id")).collect(Collectors.toCollection(TreeSet::new));
        spark.query("DELETE FROM delta.`" + tablePath + "` WHERE id IN ("
                + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")");
        return ids;
    }

    private long count() {
        return ((Number) SparkSql.shared().query("SELECT count(*) AS n FROM delta.`" + tablePath + "`").get(0).get("n"))
                .longValue();
    }

    private long distinctIds() {
        return ((Number) SparkSql.shared().query("SELECT count(DISTINCT id) AS n FROM delta.`" + tablePath + "`")
                .get(0).get("n")).longValue();
    }

    private List<ObjectNode> documents(int count) {
        List<ObjectNode> documents = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            LocalDate day = today.minusDays(n % 3);
            String time = day.atTime(10, 0).toInstant(ZoneOffset.UTC).plusSeconds(n).toString();
            ObjectNode doc = Json.mapper().createObjectNode();
            doc.put("id", "news:cold-ops-" + suffix + "-" + n).put("source", "news").put("event_time", time)
                    .put("event_date", day.toString()).put("title", "Story " + n)
                    .put("link", "https://example.org/" + suffix + "/" + n);
            documents.add(doc);
        }
        return documents;
    }

    /** Produces the documents keyed by id; returns the last offset per partition. */
    private Map<Integer, Long> produce(List<ObjectNode> documents) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        Map<Integer, Long> last = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ObjectNode document : documents) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic,
                        document.get("id").asString().getBytes(StandardCharsets.UTF_8),
                        Json.mapper().writeValueAsBytes(document))).get(30, TimeUnit.SECONDS);
                last.merge(sent.partition(), sent.offset(), Math::max);
            }
        }
        return last;
    }

    /** One commit of cold-writer's writer, claiming {@code offsets} for the live app id (as the live loop would). */
    private void storeInDelta(List<ObjectNode> documents, Map<Integer, Long> offsets) {
        DeltaTableWriter writer = new DeltaTableWriter(engine, Source.NEWS.coldTable(), tablePath,
                TableSchemas.of(Source.NEWS), Map.of(), new KafkaOffsetsInDelta(APP_ID), "ops-test", Clock.systemUTC());
        Map<Integer, Long> stored = writer.committedOffsets(topic, List.of(0, 1));
        RowCoercer coercer = new RowCoercer(TableSchemas.of(Source.NEWS));
        List<CoercedRow> rows = documents.stream().map(d -> coercer.coerce(Json.mapper().writeValueAsBytes(d))).toList();
        writer.append(topic, rows, offsets, stored);
    }

    private String index() {
        return "cold_ops_" + suffix + "_news_recent-all";
    }

    private void index(List<ObjectNode> documents) {
        try {
            Request create = new Request("PUT", "/" + index());
            create.setEntity(new StringEntity("{\"settings\":{\"number_of_replicas\":0},\"mappings\":{\"properties\":"
                    + "{\"id\":{\"type\":\"keyword\"},\"event_date\":{\"type\":\"date\"}}}}", ContentType.APPLICATION_JSON));
            elasticsearch.performRequest(create);
            StringBuilder body = new StringBuilder();
            for (ObjectNode document : documents) {
                body.append("{\"index\":{\"_index\":\"").append(index()).append("\",\"_id\":\"")
                        .append(document.get("id").asString()).append("\"}}\n")
                        .append(Json.mapper().writeValueAsString(document)).append('\n');
            }
            Request bulk = new Request("POST", "/_bulk?refresh=true");
            bulk.setEntity(new StringEntity(body.toString(), ContentType.create("application/x-ndjson")));
            elasticsearch.performRequest(bulk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = TopicRangeReader.consumerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()));
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
