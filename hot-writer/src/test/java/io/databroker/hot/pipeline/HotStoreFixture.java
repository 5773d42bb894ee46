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
    final String topic = "news_enriched_" + suffix;
    final String bootstrapServers;
    final HotWriterProperties.Hot settings;
    final ElasticsearchConnection connection;
    final DailyIndexRouter router;
    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final List<Running> writers = new ArrayList<>();

    HotStoreFixture(String bootstrapServers, String elasticsearchUrl, int partitions) {
        this.bootstrapServers = bootstrapServers;
        this.settings = TestSettings.hot(Map.of(
                "hot.hosts", elasticsearchUrl,
                "hot.index-prefix", "t" + suffix + "_",
                "hot.sources", "news",
                "hot.text-analyzer", "standard",
                "hot.ilm.enabled", "false",
                "hot.number-of-replicas", "0",
                "hot.bulk.initial-backoff", "100ms",
                "hot.bulk.max-backoff", "1s"));
        this.connection = ElasticsearchConnection.open(settings.hosts(), null, null, null);
        this.router = new DailyIndexRouter(settings.indexPrefix());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        new TopicProvisioner(admin, java.util.Optional.of((short) 1), 30_000).ensure(List.of(
                new Topic(topic, partitions, Topics.NEWS_ENRICHED.configs()), Topics.DEAD_LETTER_QUEUE));
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

    /** Sends {@code value} keyed by {@code key} and waits for the broker's acknowledgement. */
    void produce(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Starts the writer core in consumer group {@code group}; stopped by {@link #close()}. */
    Running startWriter(String group) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        IndexingLoop loop = IndexingLoop.create(settings, Map.of(topic, Source.NEWS), consumer, producer,
                connection.client(), registry, Clock.systemUTC());
        Thread thread = new Thread(loop, "it-indexing-" + group);
        Running running = new Running(loop, thread, registry, group);
        writers.add(running);
        thread.start();
        return running;
    }

    /** Documents in the read alias, after a refresh (so the count is not limited by refresh_interval). */
    long count() {
        String alias = router.alias(Source.NEWS);
        perform("POST", "/" + alias + "/_refresh", null);
        return perform("GET", "/" + alias + "/_count", null).get("count").asLong();
    }

    JsonNode search(String query) {
        return perform("POST", "/" + router.alias(Source.NEWS) + "/_search", query);
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

    /** Sum of the end offsets of the test topic. */
    long endOffset() {
        try {
            Map<TopicPartition, OffsetSpec> request = partitions().stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sum of the offsets {@code group} committed on the test topic. */
    long committedOffset(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dead letters whose original topic is this test's topic (the dead-letter topic is shared). */
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
                    if (topic.equals(header(record, DeadLetterHeaders.ORIGINAL_TOPIC))) {
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

    private Set<TopicPartition> partitions() throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
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

    /** Deletes this test's daily indices and template by name (destructive_requires_name is on). */
    private void deleteIndices() {
        JsonNode indices = perform("GET", "/_cat/indices/" + router.indexPattern(Source.NEWS) + "?format=json&h=index", null);
        for (JsonNode index : indices) {
            perform("DELETE", "/" + index.get("index").asString(), null);
        }
        perform("DELETE", "/_index_template/" + router.templateName(Source.NEWS) + "?ignore=404", null);
    }

    /** A writer core running on its own thread. */
    record Running(IndexingLoop loop, Thread thread, SimpleMeterRegistry registry, String group) {

        void stop() throws InterruptedException {
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
