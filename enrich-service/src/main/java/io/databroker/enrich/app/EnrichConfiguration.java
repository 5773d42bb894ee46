package io.databroker.enrich.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.databroker.enrich.config.EnrichProperties;
import io.databroker.enrich.topology.EnrichSettings;
import io.databroker.enrich.topology.EnrichStreamsConfig;
import io.databroker.enrich.topology.EnrichTopics;
import io.databroker.enrich.topology.EnrichTopology;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the topology and the Streams configuration from Boot's Kafka settings and ours. */
@Configuration(proxyBeanMethods = false)
public class EnrichConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StreamsLifecycle streamsLifecycle(EnrichProperties properties, KafkaProperties kafka, Clock clock,
                                      MeterRegistry meters) {
        EnrichProperties.Enrich enrich = properties.enrich();
        EnrichSettings settings = new EnrichSettings(enrich.maxRecordBytes().toBytes(),
                enrich.maxDocumentBytes().toBytes(), enrich.dedupWindow(), enrich.topicSuffix(), clock, meters);
        List<Topic> topics = new ArrayList<>();
        for (Source source : Source.values()) {
            topics.add(source.rawTopic());
            topics.add(source.enrichedTopic());
        }
        topics.add(Topics.DEAD_LETTER_QUEUE);
        topics.add(EnrichTopics.PAPERS);
        topics.add(EnrichTopics.DOMAINS);
        // Partition overrides (broker.topics.partitions) name the topics of ARCHITECTURE §3; the suffix comes after.
        List<Topic> deployed = properties.topics().apply(topics).stream()
                .map(topic -> new Topic(settings.name(topic), topic.partitions(), topic.configs())).toList();
        return new StreamsLifecycle(() -> EnrichTopology.build(settings),
                EnrichStreamsConfig.of(kafka.buildStreamsProperties(), enrich.applicationId(), enrich.standbyReplicas(),
                        enrich.commitInterval()),
                properties.topics(), deployed, kafka.buildAdminProperties(), enrich.closeTimeout(), meters);
    }
}
