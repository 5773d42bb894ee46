package io.databroker.hot.ops;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.BulkDocumentWriter;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.bulk.IndexAction;
import io.databroker.hot.circuit.HotStoreCircuit;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.connect.ElasticsearchConnection;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;
import io.databroker.storeops.delta.DeltaDocuments;
import io.databroker.storeops.http.OpsResponses;
import io.databroker.storeops.verify.ScheduledVerification;
import io.databroker.storeops.verify.StoreDriftGauges;
import io.databroker.storeops.verify.StoreVerifier;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.micrometer.core.instrument.MeterRegistry;

/** Wires hot-writer's operations (rehydrate, replay, verify) onto the live writer's connection and settings. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class HotOpsConfiguration {

    @Bean
    HotOps hotOps(HotWriterProperties properties, HotOpsProperties ops, KafkaProperties kafka,
                  ElasticsearchConnection connection, HotStoreCircuit circuit, MeterRegistry registry, Clock clock) {
        HotWriterProperties.Hot hot = properties.hot();
        Configuration hadoop = new Configuration();
        ops.coldHadoop().forEach(hadoop::set);
        DeltaDocuments delta = new DeltaDocuments(DefaultEngine.create(hadoop), ops.coldBaseUri());
        DailyIndexRouter router = new DailyIndexRouter(hot.indexPrefix());
        HotWindow window = new HotWindow(hot.retention(), clock);
        Map<String, Object> consumerConfig = TopicRangeReader.consumerConfig(kafka.buildConsumerProperties());
        Supplier<Consumer<byte[], byte[]>> consumers = () ->
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Function<Source, String> topicOf = source -> source.enrichedTopic().name();
        StoreVerifier verifier = new StoreVerifier(consumers, topicOf, connection.restClient(), router::indexPattern,
                hot.retention(), delta, ops.verify().settle(), ops.verify().sampleSize(), clock);
        return new HotOps(hot.sources(),
                new Rehydration(delta, router, window, job -> writer(hot, connection, circuit, registry, true, job), clock),
                new HotReplay(consumers, topicOf, router, window,
                        job -> writer(hot, connection, circuit, registry, false, job)),
                verifier, new StoreDriftGauges(registry, hot.sources()));
    }

    @Bean
    OpsResponses opsResponses() {
        return new OpsResponses();
    }

    /** The scheduled check, when {@code broker.ops.verify.interval} is set. */
    @Bean(destroyMethod = "close")
    AutoCloseable scheduledVerification(HotOps hotOps, HotOpsProperties ops) {
        if (!ops.verify().scheduled()) {
            return () -> { };
        }
        return ScheduledVerification.start(hotOps.verifier(), hotOps.driftGauges(), hotOps.sources(),
                ops.verify().days(), ops.verify().interval());
    }

    static OpsDocumentWriter writer(HotWriterProperties.Hot hot, ElasticsearchConnection connection,
                                    HotStoreCircuit circuit, MeterRegistry registry, boolean create, Job job) {
        Function<BulkDocumentWriter.Outcomes<IndexAction>, BulkDocumentWriter<IndexAction>> writers = outcomes ->
                new BulkDocumentWriter<>(connection.client(), hot.bulk(), new ElasticsearchErrorClassifier(), circuit,
                        outcomes, registry);
        return new OpsDocumentWriter(writers,
                new Backoff(hot.bulk().initialBackoff(), hot.bulk().maxBackoff(), Math::random), create, job);
    }
}
