package io.databroker.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The production topology on a real broker with exactly_once_v2: good records enriched, bad ones dead-lettered. */
class EnrichTopologyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    private KafkaStreams streams;

    @TempDir
    Path stateDir;

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void enrichesGoodRecordsAndDeadLettersBadOnes() throws Exception {
        String raw = Topics.NEWS_FEED.name() + suffix;
        String enriched = Topics.NEWS_ENRICHED.name() + suffix;
        String deadLetters = Topics.DEAD_LETTER_QUEUE.name() + suffix;
        createTopics(broker, suffix);
        startStreams();

        String withEnvelope = DocumentIds.newsByLink("https://example.org/a");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.write(new CloudEvent(withEnvelope, "https://feeds.example.org/x.xml",
                    "io.databroker.news.item.v1", Instant.parse("2025-02-01T00:00:00Z")), headers);
            send(producer, raw, withEnvelope, """
                    {"id":"%s","feed_url":"https://feeds.example.org/x.xml","link":"https://example.org/a",
                     "title":"<b>Good</b> one","published":"2025-02-01T00:00:00Z","fetched_at":"2025-03-01T10:00:00Z"}"""
                    .formatted(withEnvelope), headers);
            send(producer, raw, "no-headers", """
                    {"feed_url":"https://feeds.example.org/x.xml","guid":"g-2","fetched_at":"2025-03-01T10:00:00Z"}""",
                    new RecordHeaders());
            send(producer, raw, "junk", "this is not json", new RecordHeaders());
            send(producer, raw, "schema", "{\"link\":\"https://example.org/b\"}", new RecordHeaders());
            producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> good = Await.untilValue(TIMEOUT, "2 records on " + enriched,
                () -> readCommitted(enriched), records -> records.size() >= 2);
        List<ConsumerRecord<byte[], byte[]>> bad = Await.untilValue(TIMEOUT, "2 records on " + deadLetters,
                () -> readCommitted(deadLetters), records -> records.size() >= 2);

        assertThat(good).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder(
                withEnvelope, DocumentIds.newsByGuid("https://feeds.example.org/x.xml", "g-2"));
        ConsumerRecord<byte[], byte[]> first = good.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(withEnvelope)).findFirst().orElseThrow();
        assertThat(Json.mapper().readTree(first.value()).get("title").asString()).isEqualTo("Good one");
        assertThat(CloudEventHeaders.text(first.headers(), CloudEventHeaders.ID)).isEqualTo(withEnvelope);

        assertThat(bad).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("junk", "schema");
        for (ConsumerRecord<byte[], byte[]> dead : bad) {
            String key = new String(dead.key(), StandardCharsets.UTF_8);
            assertThat(CloudEventHeaders.text(dead.headers(), DeadLetterHeaders.REASON))
                    .isEqualTo(key.equals("junk") ? "malformed" : "schema_violation");
            assertThat(CloudEventHeaders.text(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(raw);
            assertThat(CloudEventHeaders.text(dead.headers(), DeadLetterHeaders.STAGE)).isEqualTo("enrich-service/validate");
            assertThat(CloudEventHeaders.text(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
        }
        assertThat(new String(bad.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("junk"))
                .findFirst().orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");
    }

    @Test
    void joinsThroughTheGlobalStoresOnARealBroker() throws Exception {
        createTopics(broker, suffix);
        startStreams();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, Topics.ARXIV_RAW.name() + suffix, "1606.04259",
                    EnrichTopologyFixture.fixture("arxiv/1606.04259v1-thesis.json"), new RecordHeaders());
            send(producer, Topics.DNS_DATA.name() + suffix, "arstechnica.com", """
                    {"message_type":"CLIENT_RESPONSE","query_time":"2025-02-20T08:00:00Z","qname":"arstechnica.com.","qtype":"A",
                     "answers":[{"name":"arstechnica.com.","type":"A","ttl":300,"data":"192.0.2.44"}]}""", new RecordHeaders());
        }
        // Lookups never wait (a mention processed before its paper is a counted miss): let both tables arrive first.
        ReadOnlyKeyValueStore<String, Object> papers = globalStore(EnrichTopology.PAPERS_STORE);
        ReadOnlyKeyValueStore<String, Object> domains = globalStore(EnrichTopology.DOMAINS_STORE);
        Await.until(TIMEOUT, "paper and domain in the global stores",
                () -> papers.get("1606.04259") != null && domains.get("arstechnica.com") != null);

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, Topics.NEWS_FEED.name() + suffix, "item",
                    EnrichTopologyFixture.fixture("news/rss2-arstechnica-item-mentions-paper.json"), new RecordHeaders());
        }

        String enriched = Topics.NEWS_ENRICHED.name() + suffix;
        ConsumerRecord<byte[], byte[]> doc = Await.untilValue(TIMEOUT, "the article on " + enriched,
                () -> readCommitted(enriched), records -> records.size() == 1).get(0);
        var json = Json.mapper().readTree(doc.value());
        assertThat(json.get("linked_papers").get(0).get("title").asString()).isEqualTo("Extreme Regimes in Quantum Gravity");
        assertThat(json.get("domains").get(0).get("name").asString()).isEqualTo("arstechnica.com");
        assertThat(json.get("domains").get(0).get("resolves_to").get(0).asString()).isEqualTo("192.0.2.44");
        assertThat(readCommitted(Topics.ARXIV_ENRICHED.name() + suffix)).hasSize(1);
        assertThat(readCommitted(Topics.DNS_ENRICHED.name() + suffix)).hasSize(1);
    }

    private <V> ReadOnlyKeyValueStore<String, V> globalStore(String name) {
        return Await.untilValue(TIMEOUT, "store " + name + " queryable",
                () -> streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())),
                store -> store != null);
    }

    private void startStreams() {
        Map<String, Object> client = new HashMap<>();
        client.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        client.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        client.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        EnrichSettings settings = new EnrichSettings(1_048_576, Duration.ofDays(7), suffix, Clock.systemUTC(),
                new SimpleMeterRegistry());
        streams = new KafkaStreams(EnrichTopology.build(settings),
                new StreamsConfig(EnrichStreamsConfig.of(client, "enrich-it" + suffix)));
        streams.start();
    }

    /** Every topic the topology reads or writes, with {@code suffix}: raw and enriched (2 partitions), DLQ, join tables. */
    static void createTopics(KafkaBroker broker, String suffix) {
        for (Source source : Source.values()) {
            broker.createTopic(source.rawTopic().name() + suffix, 2);
            broker.createTopic(source.enrichedTopic().name() + suffix, 2);
        }
        broker.createTopic(Topics.DEAD_LETTER_QUEUE.name() + suffix, 1);
        broker.createTopic(EnrichTopics.PAPERS.name() + suffix, 2, Map.of("cleanup.policy", "compact"));
        broker.createTopic(EnrichTopics.DOMAINS.name() + suffix, 2, Map.of("cleanup.policy", "compact"));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, String value,
                             RecordHeaders headers) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers)).get(30, TimeUnit.SECONDS);
    }

    /** Every committed record of {@code topic}, from the beginning to the last stable offset. */
    private List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            var partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions, TIMEOUT);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
