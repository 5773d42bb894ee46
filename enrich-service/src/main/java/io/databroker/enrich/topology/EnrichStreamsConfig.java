package io.databroker.enrich.topology;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

import io.databroker.shared.topic.Topics;

/** The Kafka Streams configuration: the client settings given (bootstrap, security…) plus what we insist on. */
public final class EnrichStreamsConfig {

    /** Streams' own default commit interval under exactly-once. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    private EnrichStreamsConfig() {
    }

    /** With no standby replicas and the exactly-once default commit interval. */
    public static Map<String, Object> of(Map<String, Object> clientConfig, String applicationId) {
        return of(clientConfig, applicationId, 0, DEFAULT_COMMIT_INTERVAL);
    }

    /**
     * @param clientConfig    connection and security settings (in the service: Boot's {@code buildStreamsProperties()})
     * @param standbyReplicas warm copies of each task's state on other instances, for fast fail-over
     * @param commitInterval  how often a transaction commits: shorter = lower end-to-end latency, longer = throughput
     */
    public static Map<String, Object> of(Map<String, Object> clientConfig, String applicationId, int standbyReplicas,
                                         Duration commitInterval) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        // ARCHITECTURE §4: reads, enriched writes, dead letters, join-table writes, state changelogs and offsets
        // commit atomically.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // Idling only orders records across the input partitions of one task, and every task here reads one partition
        // (each sub-topology has a single source topic). Left on, Streams formats an idle-reason string for every
        // empty task on every loop: a few % of the stream thread (TopologyBench profile).
        config.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // A dead letter (original record + error headers) may be larger than the 1 MiB producer default allows.
        config.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.DEAD_LETTER_MAX_MESSAGE_BYTES);
        // A fresh application starts from the beginning of the raw topics: nothing already published is skipped.
        config.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return config;
    }
}
