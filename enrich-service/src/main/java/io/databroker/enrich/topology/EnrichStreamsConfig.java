package io.databroker.enrich.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration: the client settings given (bootstrap, security…) plus what we insist on. */
public final class EnrichStreamsConfig {

    private EnrichStreamsConfig() {
    }

    /**
     * @param clientConfig connection and security settings (in the service: Boot's {@code buildStreamsProperties()})
     */
    public static Map<String, Object> of(Map<String, Object> clientConfig, String applicationId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // ARCHITECTURE §4: reads, enriched writes, dead letters and offsets commit atomically.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // A fresh application starts from the beginning of the raw topics: nothing already published is skipped.
        config.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return config;
    }
}
