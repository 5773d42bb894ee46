package io.databroker.enrich.ops;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.databroker.enrich.app.StreamsLifecycle;
import io.databroker.enrich.config.EnrichProperties;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;

/** Wires enrich-service's replay onto its Kafka settings and the running Streams instance's join stores. */
@Configuration(proxyBeanMethods = false)
public class EnrichOpsConfiguration {

    @Bean
    EnrichReplay enrichReplay(EnrichProperties properties, KafkaProperties kafka, StreamsLifecycle streams,
                              Clock clock) {
        EnrichProperties.Enrich enrich = properties.enrich();
        Map<String, Object> consumer = TopicRangeReader.consumerConfig(kafka.buildConsumerProperties());
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        // one transactional id per source would fence a second instance's replay of the same source: by design
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, enrich.applicationId() + "-replay");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<Source, String> raw = new EnumMap<>(Source.class);
        Map<Source, String> enriched = new EnumMap<>(Source.class);
        for (Source source : Source.values()) {
            raw.put(source, source.rawTopic().name() + enrich.topicSuffix());
            enriched.put(source, source.enrichedTopic().name() + enrich.topicSuffix());
        }
        return new EnrichReplay(
                () -> new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                () -> new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()),
                raw, enriched, enrich.maxRecordBytes().toBytes(), enrich.maxDocumentBytes().toBytes(), () -> LiveJoinLookups.of(streams.streams()), clock);
    }
}
