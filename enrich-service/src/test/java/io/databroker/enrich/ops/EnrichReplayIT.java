package io.databroker.enrich.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.databroker.enrich.join.DomainStats;
import io.databroker.enrich.join.JoinLookups;
import io.databroker.enrich.join.PaperSummary;
import io.databroker.shared.json.Json;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.RangeBound;
import io.databroker.shared.ops.ReplayRequest;
import io.databroker.shared.ops.TopicRange;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;
import io.databroker.testsupport.KafkaBroker;
import tools.jackson.databind.node.ObjectNode;

/** Replay of the enrichment against the real broker: bounded, emits only ids not on the enriched topic yet. */
class EnrichReplayIT {

    private final String suffix = "_" + UUID.randomUUID().toString().substring(0, 8);
    private final String raw = "news_feed" + suffix;
    private final String enriched = "news_enriched" + suffix;

    @Test
    void replayEmitsEachMissingIdOnceAndASecondReplayEmitsNothing() throws Exception {
        KafkaBroker.shared().createTopic(raw, 2);
        KafkaBroker.shared().createTopic(enriched, 2);
        produceRaw(0, 10);
        EnrichReplay replay = replay();

        EnrichReplay.Result first = replay.run(job(), new ReplayRequest("news", null, null));
        assertThat(first.emitted()).isEqualTo(10);
        assertThat(enrichedKeys()).hasSize(10).doesNotHaveDuplicates();

        EnrichReplay.Result second = replay.run(job(), new ReplayRequest("news", null, null));
        assertThat(second.emitted()).isZero();
        assertThat(second.present()).isEqualTo(10);
        assertThat(enrichedKeys()).hasSize(10);

        // a bounded replay of new raw records only: up to (not including) the end it had before two more arrive
        produceRaw(10, 13);
        Map<Integer, Long> bound = endOffsets();
        produceRaw(13, 15);
        EnrichReplay.Result gap = replay.run(job(), new ReplayRequest("news", null, RangeBound.atOffsets(bound)));
        assertThat(gap.emitted()).isEqualTo(3);
        List<String> keys = enrichedKeys();
        assertThat(keys).hasSize(13).doesNotHaveDuplicates();
        ObjectNode document = (ObjectNode) Json.mapper().readTree(enrichedValues().get(0));
        assertThat(document.get("source").asString()).isEqualTo("news");
        assertThat(document.get("arxiv_ids").toString()).contains("1606.04259");
    }

    private static Job job() {
        return Job.detached();
    }

    private EnrichReplay replay() {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "enrich-replay-it" + suffix);
        JoinLookups none = new JoinLookups() {
            @Override
            public PaperSummary paper(String arxivId) {
                return null;
            }

            @Override
            public DomainStats domain(String registrableDomain) {
                return null;
            }
        };
        return new EnrichReplay(this::consumer,
                () -> new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()),
                Map.of(Source.NEWS, raw), Map.of(Source.NEWS, enriched), 1_000_000, 1_000_000, () -> none, Clock.systemUTC());
    }

    private void produceRaw(int from, int to) throws Exception {
        ObjectNode template;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/news/rss2-arstechnica-item-mentions-paper.json")) {
            template = (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int n = from; n < to; n++) {
                ObjectNode item = template.deepCopy();
                item.put("link", "https://arstechnica.com/science/2019/02/story-" + n + suffix + "/");
                item.put("guid", "https://arstechnica.com/?p=" + n);
                producer.send(new ProducerRecord<>(raw, ("k" + n).getBytes(StandardCharsets.UTF_8),
                        Json.mapper().writeValueAsBytes(item))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private Map<Integer, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<Integer, Long> offsets = new HashMap<>();
            TopicRange.resolve(consumer, raw, null, null).end()
                    .forEach((partition, offset) -> offsets.put(partition.partition(), offset));
            return offsets;
        }
    }

    private List<String> enrichedKeys() {
        List<String> keys = new ArrayList<>();
        readEnriched((key, value) -> keys.add(key));
        return keys;
    }

    private List<byte[]> enrichedValues() {
        List<byte[]> values = new ArrayList<>();
        readEnriched((key, value) -> values.add(value));
        return values;
    }

    private void readEnriched(java.util.function.BiConsumer<String, byte[]> records) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicRange all = TopicRange.resolve(consumer, enriched, null, null);
            TopicRangeReader.read(consumer, all, null, batch -> batch.forEach(record ->
                    records.accept(new String(record.key(), StandardCharsets.UTF_8), record.value())));
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(TopicRangeReader.consumerConfig(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers())), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
