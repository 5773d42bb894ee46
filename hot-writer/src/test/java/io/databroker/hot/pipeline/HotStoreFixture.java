package io.databroker.hot.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;

import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.circuit.HotStoreCircuit;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.config.TestSettings;
import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotStoreSetup;
import io.databroker.hot.index.IndexLifecycle;
import io.databroker.hot.index.IndexTemplates;
import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * One integration test's world on the shared servers: a unique enriched topic, a unique index prefix, the real
 * writer core running on a thread, and readers for what ended up in Elasticsearch and the dead-letter queue.
 */
final class HotStoreFixture implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    /** The enriched topic of each source this fixture indexes, e.g. {@code news_enriched_1a2b3c4d}. */
    final Map<Source, String> topics = new java.util.EnumMap<>(Source.class);
    /** The news topic (the first source's topic), for the single-source tests. */
    final String topic;
    final String bootstrapServers;
    final HotWriterProperties.Hot settings;
    final ElasticsearchConnection connection;
    final DailyIndexRouter router;
    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final List<Running> writers = new ArrayList<>();

    HotStoreFixture(String bootstrapServers, String elasticsearchUrl, int partitions) {
        this(bootstrapServers, elasticsearchUrl, partitions, Map.of(), List.of(Source.NEWS));
    }

    /**
     * @param overrides settings over the test defaults (keys without {@code broker.}, e.g. {@code hot.bulk.max-operations})
     * @param sources   one topic each; the first is {@link #topic}
     */
    HotStoreFixture(String bootstrapServers, String elasticsearchUrl, int partitions, Map<String, String> overrides,
                    List<Source> sources) {
        this.bootstrapServers = bootstrapServers;
        Map<String, String> values = new HashMap<>(Map.of(
                "hot.hosts", elasticsearchUrl,
                "hot.index-prefix", "t" + suffix + "_",
                "hot.sources", sources.stream().map(Source::id).collect(Collectors.joining(",")),
                "hot.text-analyzer", "standard",
                "hot.ilm.enabled", "false",
                "hot.number-of-replicas", "0",
                "hot.bulk.initial-backoff", "100ms",
                "hot.bulk.max-backoff", "1s",
                "hot.commit-interval", "200ms",
                "hot.breaker.wait-in-open", "1s"));
        values.putAll(overrides);
        this.settings = TestSettings.hot(values);
        sources.forEach(source -> topics.put(source, source.id() + "_enriched_" + suffix));
        this.topic = topics.get(sources.get(0));
        this.connection = ElasticsearchConnection.open(settings.hosts(), null, null, null);
        this.router = new DailyIndexRouter(settings.indexPrefix());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        List<Topic> owned = new ArrayList<>();
        topics.forEach((source, name) -> owned.add(new Topic(name, partitions, source.enrichedTopic().configs())));
        owned.add(Topics.DEAD_LETTER_QUEUE);
        new TopicProvisioner(admin, java.util.Optional.of((short) 1), 30_000).ensure(owned);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Installs the templates as the service does at start-up. */
    void installTemplates() {
        setup(false).run(settings.sources());
    }

    HotStoreSetup setup(boolean ilmEnabled) {
        return new HotStoreSetup(
                new IndexLifecycle(connection.restClient(), ilmEnabled, settings.retention()),
                new IndexTemplates(connection.restClient(), router, settings),
                new ElasticsearchErrorClassifier(),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Math::random),
                Clock.systemUTC(), Duration.ofSeconds(30));
    }

    /** Sends {@code value} keyed by {@code key} to the news topic and waits for the broker's acknowledgement. */
    void produce(String key, String value) {
        produce(topic, key, value);
    }

    /** Sends {@code value} keyed by {@code key} to {@code toTopic} and waits for the broker's acknowledgement. */
    void produce(String toTopic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(toTopic, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + toTopic, e);
        }
    }

    /** Sends many records without waiting for each, then flushes (for the 10k-record tests). */
    void produceAll(List<Map.Entry<String, String>> keyedValues) {
        for (Map.Entry<String, String> kv : keyedValues) {
            producer.send(new ProducerRecord<>(topic, kv.getKey().getBytes(StandardCharsets.UTF_8),
                    kv.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** Starts the writer core in consumer group {@code group}; stopped by {@link #close()}. */
    Running startWriter(String group) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        Map<String, Source> bySource = new HashMap<>();
        topics.forEach((source, name) -> bySource.put(name, source));
        HotStoreCircuit circuit = HotStoreCircuit.create(settings.breaker(), registry);
        IndexingLoop loop = IndexingLoop.create(settings, bySource, consumer, producer, connection.client(), circuit,
                registry, Clock.systemUTC());
        Thread thread = new Thread(loop, "it-indexing-" + group);
        Running running = new Running(loop, thread, registry, group, circuit);
        writers.add(running);
        thread.start();
        return running;
    }

    /** Documents in the news read alias, after a refresh (so the count is not limited by refresh_interval). */
    long count() {
        return count(Source.NEWS);
    }

    long count(Source source) {
        String alias = router.alias(source);
        perform("POST", "/" + alias + "/_refresh", null);
        return perform("GET", "/" + alias + "/_count", null).get("count").asLong();
    }

    JsonNode search(String query) {
        return search(Source.NEWS, query);
    }

    /** A search on {@code source}'s read alias, after a refresh. */
    JsonNode search(Source source, String query) {
        perform("POST", "/" + router.alias(source) + "/_refresh", null);
        return perform("POST", "/" + router.alias(source) + "/_search", query);
    }

    JsonNode perform(String method, String path, String body) {
        int query = path.indexOf('?');
        Request request = new Request(method, query < 0 ? path : path.substring(0, query));
        if (query >= 0) {
            for (String parameter : path.substring(query + 1).split("&")) {
                String[] kv = parameter.split("=", 2);
                request.addParameter(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (body != null) {
            request.setJsonEntity(body);
        }
        try {
            Response response = connection.restClient().performRequest(request);
            return Json.mapper().readTree(response.getEntity().getContent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sum of the end offsets of the news topic. */
    long endOffset() {
        return endOffset(topic);
    }

    /** Sum of the end offsets of {@code ofTopic}. */
    long endOffset(String ofTopic) {
        try {
            Map<TopicPartition, OffsetSpec> request = partitions(ofTopic).stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sum of the offsets {@code group} committed on the news topic. */
    long committedOffset(String group) {
        return committedOffset(group, topic);
    }

    /** Sum of the offsets {@code group} committed on {@code ofTopic}. */
    long committedOffset(String group, String ofTopic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(ofTopic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dead letters whose original topic is one of this test's topics (the dead-letter topic is shared). */
    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> dlq = consumer.partitionsFor(Topics.DEAD_LETTER_QUEUE.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(dlq);
            consumer.seekToBeginning(dlq);
            Map<TopicPartition, Long> end = consumer.endOffsets(dlq);
            List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
            while (dlq.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (topics.containsValue(header(record, DeadLetterHeaders.ORIGINAL_TOPIC))) {
                        mine.add(record);
                    }
                }
            }
            return mine;
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Set<TopicPartition> partitions(String ofTopic) throws Exception {
        return admin.describeTopics(List.of(ofTopic)).allTopicNames().get(30, TimeUnit.SECONDS).get(ofTopic).partitions()
                .stream().map(p -> new TopicPartition(ofTopic, p.partition())).collect(Collectors.toSet());
    }

    @Override
    public void close() throws Exception {
        for (Running writer : writers) {
            writer.stop();
        }
        producer.close();
        admin.close();
        deleteIndices();
        connection.close();
    }

    /** Deletes this test's daily indices and templates by name (destructive_requires_name is on). */
    private void deleteIndices() {
        for (Source source : topics.keySet()) {
            JsonNode indices = perform("GET", "/_cat/indices/" + router.indexPattern(source) + "?format=json&h=index", null);
            for (JsonNode index : indices) {
                perform("DELETE", "/" + index.get("index").asString(), null);
            }
            perform("DELETE", "/_index_template/" + router.templateName(source) + "?ignore=404", null);
        }
    }

    /** A writer core running on its own thread. */
    record Running(IndexingLoop loop, Thread thread, SimpleMeterRegistry registry, String group,
                   HotStoreCircuit circuit) {

        void stop() throws InterruptedException {
            if (!thread.isAlive()) {
                return;
            }
            loop.stop();
            thread.join(TimeUnit.SECONDS.toMillis(60));
            if (thread.isAlive()) {
                throw new AssertionError("writer thread did not stop");
            }
        }

        double counter(String name, String... tags) {
            var counter = registry.find(name).tags(tags).counter();
            return counter == null ? 0 : counter.count();
        }
    }
}
