package io.databroker.cold.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.micrometer.core.instrument.MeterRegistry;

import io.databroker.cold.buffer.FlushPolicy;
import io.databroker.cold.config.ColdProperties;
import io.databroker.cold.consume.ColdWriterLoop;
import io.databroker.cold.consume.ColdWriterMetrics;
import io.databroker.cold.consume.SinkSettings;
import io.databroker.cold.consume.TableSink;
import io.databroker.cold.delta.ParquetWriterSettings;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.Topics;

/** Wires cold-writer: topics, the Delta engine, one sink per configured source and the loop that drives them. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class ColdWriterConfiguration {

    /** Recorded in every commit's {@code commitInfo.engineInfo}. */
    static final String ENGINE_INFO = "data-broker-cold-writer/0.1.0";

    /** Creates the enriched topics read and {@code dead-letter-queue} before the loop subscribes. */
    @Bean
    OwnedTopics ownedTopics(KafkaProperties kafka, ColdProperties properties) {
        List<Topic> topics = new ArrayList<>(properties.cold().sources().stream().map(Source::enrichedTopic).toList());
        topics.add(Topics.DEAD_LETTER_QUEUE);
        TopicProvisioner.provision(properties.topics(), topics, kafka.buildAdminProperties());
        return new OwnedTopics(topics.stream().map(Topic::name).toList());
    }

    /**
     * Delta Kernel's default engine over the Hadoop file systems: this writer's Parquet settings and codec, then
     * {@code broker.cold.hadoop} over them.
     */
    @Bean
    Engine deltaEngine(ColdProperties properties) {
        Configuration hadoop = ParquetWriterSettings.applyTo(new Configuration(), properties.cold().compression());
        properties.cold().hadoop().forEach(hadoop::set);
        return DefaultEngine.create(hadoop);
    }

    @Bean
    ColdWriterLoop coldWriterLoop(OwnedTopics topics, KafkaProperties kafka, ColdProperties properties, Engine engine,
                                  MeterRegistry registry) {
        ColdProperties.Cold cold = properties.cold();
        Clock clock = Clock.systemUTC();
        ColdWriterMetrics metrics = new ColdWriterMetrics(registry);
        SinkSettings settings = new SinkSettings(cold.baseUri(), cold.appId(), cold.tableProperties(),
                new FlushPolicy(cold.flush().maxLatency(), cold.flush().targetFileSize().toBytes(),
                        cold.flush().maxBytes().toBytes(), cold.flush().maxRows()),
                cold.retry().initialBackoff(), cold.retry().maxBackoff(), ENGINE_INFO);
        List<TableSink> sinks = cold.sources().stream()
                .map(source -> TableSink.create(source, settings, engine, metrics, clock))
                .toList();
        return new ColdWriterLoop(kafka.buildConsumerProperties(), kafka.buildProducerProperties(), sinks,
                cold.pollTimeout(), cold.flush().maxTotalBytes().toBytes(), metrics, registry, clock);
    }

    @Bean
    ColdWriterLifecycle coldWriterLifecycle(ColdWriterLoop loop, ApplicationEventPublisher events) {
        return new ColdWriterLifecycle(loop, events);
    }

    /** Marker bean: the topics exist once it does. */
    record OwnedTopics(List<String> names) {
    }
}
