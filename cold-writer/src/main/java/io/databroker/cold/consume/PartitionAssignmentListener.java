package io.databroker.cold.consume;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands partition changes to the sinks. New partitions are paused until their sink has read their offsets from the
 * Delta log (the loop does that, with backoff, outside the rebalance); Kafka's committed offsets are never used to
 * position the consumer. Revoked or lost partitions' buffered records are dropped: their next owner resumes from the log.
 */
final class PartitionAssignmentListener implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionAssignmentListener.class);

    private final Consumer<?, ?> consumer;
    private final Map<String, TableSink> sinks;

    PartitionAssignmentListener(Consumer<?, ?> consumer, Map<String, TableSink> sinksByTopic) {
        this.consumer = consumer;
        this.sinks = sinksByTopic;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        consumer.pause(partitions);
        byTopic(partitions).forEach((topic, numbers) -> sink(topic).assign(numbers));
        log.info("assigned partitions {}", partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        byTopic(partitions).forEach((topic, numbers) -> sink(topic).revoke(numbers));
        log.info("revoked partitions {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        byTopic(partitions).forEach((topic, numbers) -> sink(topic).revoke(numbers));
        log.warn("lost partitions {}", partitions);
    }

    private TableSink sink(String topic) {
        TableSink sink = sinks.get(topic);
        if (sink == null) {
            throw new IllegalStateException("assigned a partition of " + topic + ", which this writer does not subscribe to");
        }
        return sink;
    }

    private static Map<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        return partitions.stream().collect(Collectors.groupingBy(TopicPartition::topic,
                Collectors.mapping(TopicPartition::partition, Collectors.toList())));
    }
}
