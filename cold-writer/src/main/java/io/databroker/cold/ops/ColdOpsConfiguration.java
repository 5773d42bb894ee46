package io.databroker.cold.ops;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.delta.kernel.engine.Engine;
import io.micrometer.core.instrument.MeterRegistry;

import io.databroker.cold.config.ColdProperties;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.delta.DeltaDocuments;
import io.databroker.storeops.http.OpsResponses;
import io.databroker.storeops.verify.ElasticsearchRestClients;
import io.databroker.storeops.verify.ElasticsearchTrust;
import io.databroker.storeops.verify.ScheduledVerification;
import io.databroker.storeops.verify.StoreDriftGauges;
import io.databroker.storeops.verify.StoreVerifier;

/** Wires cold-writer's operations (replay, verify) onto the live writer's Delta engine and settings. */
@Configuration(proxyBeanMethods = false)
public class ColdOpsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ColdOpsConfiguration.class);

    /** Recorded in the replay commits' {@code commitInfo.engineInfo}. */
    static final String ENGINE_INFO = "data-broker-cold-writer-replay/0.1.0";

    /** Read by verify only; connects lazily, so cold-writer starts without Elasticsearch. */
    @Bean(destroyMethod = "close")
    RestClient opsElasticsearch(ColdOpsProperties ops) {
        ColdOpsProperties.Elasticsearch es = ops.elasticsearch();
        log.info("verify reads the hot store at {}", es);
        return ElasticsearchRestClients.open(es.hosts(), es.username(), es.password(), es.apiKey(),
                ElasticsearchTrust.configured(es.certificateAuthorities(), es.caFingerprint()));
    }

    @Bean
    ColdOps coldOps(ColdProperties properties, ColdOpsProperties ops, KafkaProperties kafka, Engine engine,
                    RestClient opsElasticsearch, MeterRegistry registry) {
        ColdProperties.Cold cold = properties.cold();
        Clock clock = Clock.systemUTC();
        Map<String, Object> consumerConfig = TopicRangeReader.consumerConfig(kafka.buildConsumerProperties());
        Supplier<Consumer<byte[], byte[]>> consumers = () ->
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Function<Source, String> topicOf = source -> source.enrichedTopic().name();
        String prefix = ops.elasticsearch().indexPrefix();
        StoreVerifier verifier = new StoreVerifier(consumers, topicOf, opsElasticsearch,
                source -> prefix + source.hotAlias() + "-*", ops.elasticsearch().retention(),
                new DeltaDocuments(engine, cold.baseUri()), ops.verify().settle(), ops.verify().sampleSize(), clock);
        ColdReplay replay = new ColdReplay(engine, cold.baseUri(), cold.appId(), cold.tableProperties(), ENGINE_INFO,
                consumers, topicOf, clock);
        return new ColdOps(cold.sources(), replay, verifier, new StoreDriftGauges(registry, cold.sources()));
    }

    @Bean
    OpsResponses opsResponses() {
        return new OpsResponses();
    }

    /** The scheduled check, when {@code broker.ops.verify.interval} is set. */
    @Bean(destroyMethod = "close")
    AutoCloseable scheduledVerification(ColdOps coldOps, ColdOpsProperties ops) {
        if (!ops.verify().scheduled()) {
            return () -> { };
        }
        return ScheduledVerification.start(coldOps.verifier(), coldOps.driftGauges(), coldOps.sources(),
                ops.verify().days(), ops.verify().interval());
    }
}
