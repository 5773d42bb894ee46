package io.databroker.hot.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.hot.index.HotWindow;
import io.databroker.shared.json.Json;
import io.databroker.shared.ops.RangeBound;
import io.databroker.shared.ops.ReplayRequest;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.verify.Store;
import io.databroker.storeops.verify.StoreVerifier;
import io.databroker.storeops.verify.VerifyReport;
import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Rehydrate, replay and verify of hot-writer against the real Elasticsearch node, Kafka broker and Delta tables. */
class HotOpsIT {

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private OpsWorld world;

    @AfterEach
    void tearDown() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void rehydrateBringsBackTheSameDocumentsAfterTheIndicesAreDeletedAndASecondRunChangesNothing() {
        world = new OpsWorld(ElasticsearchNode.shared().httpUrl(), List.of(Source.NEWS, Source.GITHUB));
        List<ObjectNode> news = new ArrayList<>();
        List<ObjectNode> github = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int n = 0; n < 40; n++) {
                news.add(OpsDocuments.news(n, today.minusDays(day)));
                github.add(OpsDocuments.github(n + 100 * day, today.minusDays(day)));
            }
        }
        // a day older than asked for: must stay out
        List<ObjectNode> older = List.of(OpsDocuments.news(1, today.minusDays(5)));
        world.writeDelta(Source.NEWS, news.subList(0, 60));
        world.writeDelta(Source.NEWS, news.subList(60, news.size()));
        world.writeDelta(Source.NEWS, older);
        world.writeDelta(Source.GITHUB, github);
        world.index(Source.NEWS, news);
        world.index(Source.GITHUB, github);
        Map<String, JsonNode> indexedNews = world.documents(Source.NEWS);
        Map<String, JsonNode> indexedGithub = world.documents(Source.GITHUB);
        assertThat(indexedNews).hasSize(120);

        world.deleteIndices(Source.NEWS);
        world.deleteIndices(Source.GITHUB);
        assertThat(world.documents(Source.NEWS)).isEmpty();

        var first = world.rehydration().run(OpsWorld.job("rehydrate"), 3, List.of(Source.NEWS, Source.GITHUB));

        assertThat(first.get(Source.NEWS).stored()).isEqualTo(120);
        assertThat(first.get(Source.GITHUB).stored()).isEqualTo(120);
        assertThat(world.documents(Source.NEWS)).isEqualTo(indexedNews);
        assertThat(world.documents(Source.GITHUB)).isEqualTo(indexedGithub);
        assertThat(indexedNews.get(news.get(0).get("id").asString())).isEqualTo(news.get(0));

        // A live write of a newer version while rehydrate runs again: rehydrate must not put the old one back.
        ObjectNode newer = news.get(5).deepCopy().put("title", "Updated by the live path");
        world.index(Source.NEWS, List.of(newer));
        var second = world.rehydration().run(OpsWorld.job("rehydrate"), 3, List.of(Source.NEWS));

        assertThat(second.get(Source.NEWS).stored()).isZero();
        assertThat(second.get(Source.NEWS).present()).isEqualTo(120);
        Map<String, JsonNode> after = world.documents(Source.NEWS);
        assertThat(after).hasSize(120);
        assertThat(after.get(newer.get("id").asString()).get("title").asString()).isEqualTo("Updated by the live path");
    }

    @Test
    void replayIndexesExactlyTheRangeAndReplayingTwiceLeavesTheSameStore() throws Exception {
        world = new OpsWorld(ElasticsearchNode.shared().httpUrl(), List.of(Source.NEWS));
        String topic = "news_enriched_ops_" + world.suffix;
        KafkaBroker.shared().createTopic(topic, 2);
        List<ObjectNode> documents = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            documents.add(OpsDocuments.news(n, today.minusDays(n % 2)));
        }
        produce(topic, documents);

        HotReplay replay = replay(topic);
        // bounded: partition 0 from offset 5 on, partition 1 not at all
        var partial = replay.run(OpsWorld.job("replay"), new ReplayRequest("news",
                RangeBound.atOffsets(Map.of(0, 5L)), RangeBound.atOffsets(Map.of(1, 0L))));
        long partitionZero = countIn(topic, 0);
        assertThat(partial.stored()).isEqualTo(partitionZero - 5);
        assertThat(world.documents(Source.NEWS)).hasSize((int) (partitionZero - 5));

        var all = replay.run(OpsWorld.job("replay"), new ReplayRequest("news", null, null));
        Map<String, JsonNode> once = world.documents(Source.NEWS);
        var again = replay.run(OpsWorld.job("replay"), new ReplayRequest("news", null, null));

        assertThat(all.stored()).isEqualTo(30);
        assertThat(again.stored()).isEqualTo(30);
        assertThat(world.documents(Source.NEWS)).hasSize(30).isEqualTo(once);
        documents.forEach(document -> assertThat(once.get(document.get("id").asString())).isEqualTo(document));
    }

    @Test
    void verifyAgreesThenNamesExactlyTheDocumentsDeletedFromElasticsearch() throws Exception {
        world = new OpsWorld(ElasticsearchNode.shared().httpUrl(), List.of(Source.NEWS));
        String topic = "news_enriched_verify_" + world.suffix;
        KafkaBroker.shared().createTopic(topic, 3);
        List<ObjectNode> documents = new ArrayList<>();
        for (int n = 0; n < 45; n++) {
            documents.add(OpsDocuments.news(n, today.minusDays(n % 3)));
        }
        produce(topic, documents);
        world.index(Source.NEWS, documents);
        world.writeDelta(Source.NEWS, documents);
        StoreVerifier verifier = verifier(topic);

        VerifyReport agreeing = verifier.verify(List.of(Source.NEWS), 3);
        assertThat(agreeing.agree()).isTrue();
        assertThat(agreeing.sources().get(0).days()).extracting(day -> day.counts().get(Store.DELTA))
                .containsExactly(15, 15, 15);

        TreeSet<String> deleted = new TreeSet<>();
        for (int n = 0; n < 5; n++) {
            ObjectNode document = documents.get(n * 7);
            var target = world.router.route(Source.NEWS, document);
            world.perform("DELETE", "/" + target.index() + "/_doc/" + target.id() + "?refresh=true", null);
            deleted.add(target.id());
        }
        VerifyReport drifted = verifier.verify(List.of(Source.NEWS), 3);

        assertThat(drifted.agree()).isFalse();
        TreeSet<String> named = new TreeSet<>();
        drifted.sources().get(0).days().forEach(day -> {
            assertThat(day.missing()).doesNotContainKeys(Store.TOPIC, Store.DELTA);
            named.addAll(day.samples().getOrDefault(Store.ELASTICSEARCH, List.of()));
        });
        assertThat(named).isEqualTo(deleted);
        assertThat(drifted.sources().get(0).missingPerStore()).containsEntry(Store.ELASTICSEARCH, 5);
    }

    private HotReplay replay(String topic) {
        return new HotReplay(this::consumer, source -> topic, world.router,
                new HotWindow(world.settings.retention(), Clock.systemUTC()),
                job -> HotOpsConfiguration.writer(world.settings, world.connection, world.circuit, world.registry,
                        false, job));
    }

    private StoreVerifier verifier(String topic) {
        return new StoreVerifier(this::consumer, source -> topic, world.connection.restClient(),
                world.router::indexPattern, world.settings.retention(), world.delta, Duration.ZERO, 20,
                Clock.systemUTC());
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = TopicRangeReader.consumerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()));
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private long countIn(String topic, int partition) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            var tp = new org.apache.kafka.common.TopicPartition(topic, partition);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static void produce(String topic, List<ObjectNode> documents) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ObjectNode document : documents) {
                producer.send(new ProducerRecord<>(topic, document.get("id").asString().getBytes(StandardCharsets.UTF_8),
                        Json.mapper().writeValueAsBytes(document))).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
