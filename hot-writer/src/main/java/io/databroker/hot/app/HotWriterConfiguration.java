package io.databroker.hot.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.bulk.StopSignal;
import io.databroker.hot.circuit.HotStoreCircuit;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.hot.health.ElasticsearchHealthIndicator;
import io.databroker.hot.health.HotStoreCircuitHealthIndicator;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotStoreSetup;
import io.databroker.hot.index.IndexLifecycle;
import io.databroker.hot.index.IndexTemplates;
import io.databroker.hot.pipeline.IndexingLoop;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/** Wires hot-writer: Elasticsearch connection and set-up, the owned topics, the dead-letter producer and the loop. */
@Configuration(proxyBeanMethods = false)
public class HotWriterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HotWriterConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    ElasticsearchConnection elasticsearchConnection(HotWriterProperties properties) {
        HotWriterProperties.Hot hot = properties.hot();
        log.info("hot-writer settings: {}", hot);
        return ElasticsearchConnection.open(hot);
    }

    /**
     * Installs the ILM policy and index templates; start-up fails here when the cluster cannot take them. Rejected
     * credentials (401/403) are the exception: the service starts not ready (readiness {@code elasticsearch} DOWN)
     * and the indexing thread installs them once Elasticsearch accepts the credentials, before it indexes anything.
     */
    @Bean
    HotStoreReady hotStoreReady(ElasticsearchConnection connection, HotWriterProperties properties, Clock clock) {
        HotWriterProperties.Hot hot = properties.hot();
        HotStoreSetup setup = new HotStoreSetup(
                new IndexLifecycle(connection.restClient(), hot.ilm().enabled(), hot.retention()),
                new IndexTemplates(connection.restClient(), new DailyIndexRouter(hot.indexPrefix()), hot),
                new ElasticsearchErrorClassifier(),
                new Backoff(hot.bulk().initialBackoff(), hot.bulk().maxBackoff(), Math::random),
                clock, hot.setupTimeout());
        try {
            setup.run(hot.sources());
            return new HotStoreReady(hot.sources(), stop -> true);
        } catch (IllegalStateException e) {
            if (!HotStoreSetup.credentialsRejected(e)) {
                throw e;
            }
            log.error("Elasticsearch rejects hot-writer's credentials ({}); starting not ready, indexing waits until "
                    + "they are accepted (ELASTICSEARCH_USERNAME/_PASSWORD or ELASTICSEARCH_API_KEY)", e.getMessage());
            return new HotStoreReady(hot.sources(), stop -> setup.runOnceAccepted(hot.sources(), stop));
        }
    }

    @Bean
    ElasticsearchHealthIndicator elasticsearchHealthIndicator(ElasticsearchConnection connection) {
        return new ElasticsearchHealthIndicator(connection.client());
    }

    /** Shared by the indexing loop (which feeds and obeys it) and readiness. */
    @Bean
    HotStoreCircuit hotStoreCircuit(HotWriterProperties properties, MeterRegistry registry) {
        return HotStoreCircuit.create(properties.hot().breaker(), registry);
    }

    @Bean
    HotStoreCircuitHealthIndicator hotStoreCircuitHealthIndicator(HotStoreCircuit circuit) {
        return new HotStoreCircuitHealthIndicator(circuit);
    }

    /** Creates the enriched topics read and {@code dead-letter-queue} before the loop starts. */
    @Bean
    OwnedTopics ownedTopics(KafkaProperties kafka, HotWriterProperties properties) {
        List<Topic> topics = new ArrayList<>(properties.hot().sources().stream().map(Source::enrichedTopic).toList());
        topics.add(Topics.DEAD_LETTER_QUEUE);
        TopicProvisioner.provision(properties.topics(), topics, kafka.buildAdminProperties());
        return new OwnedTopics(topics.stream().map(Topic::name).toList());
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> deadLetterProducer(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        // A dead letter is the only copy of a rejected record once the offset is committed: make it durable.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // An enriched record near its topic's 1 MiB limit plus the error headers: more than the 1 MiB default.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DEAD_LETTER_MAX_MESSAGE_BYTES);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Bean(destroyMethod = "close")
    KafkaClientMetrics deadLetterProducerMetrics(Producer<byte[], byte[]> deadLetterProducer, MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(deadLetterProducer);
        metrics.bindTo(registry);
        return metrics;
    }

    @Bean
    IndexingSchedule indexingSchedule(HotWriterProperties properties, KafkaProperties kafka,
                                      Producer<byte[], byte[]> deadLetterProducer, ElasticsearchConnection connection,
                                      HotStoreCircuit circuit, MeterRegistry registry, Clock clock,
                                      ApplicationEventPublisher events, HotStoreReady hotStoreReady,
                                      OwnedTopics ownedTopics) {
        Map<String, Source> topics = new LinkedHashMap<>();
        hotStoreReady.sources().forEach(source -> topics.put(source.enrichedTopic().name(), source));
        return new IndexingSchedule(() -> IndexingLoop.create(properties.hot(), topics,
                kafka.buildConsumerProperties(), deadLetterProducer, connection.client(), circuit, registry, clock),
                events, hotStoreReady.completeSetup());
    }

    /**
     * Marker bean: the policy and templates of these sources are installed once it exists, or, when Elasticsearch
     * rejected the credentials at start-up, by {@code completeSetup}.
     *
     * @param completeSetup run by the indexing thread first; false when stopped before the setup completed
     */
    record HotStoreReady(List<Source> sources, Predicate<StopSignal> completeSetup) {
    }

    /** Marker bean: the topics exist once it does. */
    record OwnedTopics(List<String> names) {
    }
}
