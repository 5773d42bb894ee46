package io.databroker.shared.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a {@link TopicRange} once, outside any consumer group (partitions assigned, never committed), so a replay
 * neither disturbs nor depends on the live consumers. Hands each poll's records inside the range to the caller and
 * counts the offsets passed as progress.
 */
public final class TopicRangeReader {

    private static final Duration POLL = Duration.ofMillis(500);

    private TopicRangeReader() {
    }

    /**
     * Consumer settings of a replay: the service's client settings (bootstrap, security) without its group, with
     * {@code read_committed} (the enriched topics are written transactionally) and no offset commits.
     */
    public static Map<String, Object> consumerConfig(Map<String, Object> serviceConsumerConfig) {
        Map<String, Object> config = new HashMap<>(serviceConsumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** What the reader hands over: one poll's records of the range, in partition order. */
    public interface Batch<K, V> {
        /** Called with records inside the range only; progress counts once it returns. */
        void accept(List<ConsumerRecord<K, V>> records);
    }

    /**
     * Reads the range to its end, or until {@code job} is asked to stop (checked between polls).
     *
     * @return per partition, the offset up to which records were handed over (the next to read)
     */
    public static <K, V> Map<TopicPartition, Long> read(Consumer<K, V> consumer, TopicRange range, Job job,
                                                        Batch<K, V> batch) {
        Map<TopicPartition, Long> position = new HashMap<>(range.start());
        List<TopicPartition> open = new ArrayList<>();
        range.start().forEach((partition, first) -> {
            if (first < range.endOf(partition)) {
                open.add(partition);
            }
        });
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, range.start().get(partition)));
        while (!open.isEmpty() && (job == null || !job.stopRequested())) {
            ConsumerRecords<K, V> records = consumer.poll(POLL);
            List<ConsumerRecord<K, V>> inRange = new ArrayList<>(records.count());
            for (ConsumerRecord<K, V> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < range.endOf(partition)) {
                    inRange.add(record);
                }
            }
            if (!inRange.isEmpty()) {
                batch.accept(inRange);
            }
            long advanced = 0;
            List<TopicPartition> finished = new ArrayList<>();
            for (TopicPartition partition : open) {
                // with read_committed the position also moves over transaction markers and aborted records
                long now = Math.min(consumer.position(partition), range.endOf(partition));
                advanced += now - position.get(partition);
                position.put(partition, now);
                if (now >= range.endOf(partition)) {
                    finished.add(partition);
                }
            }
            if (job != null) {
                job.advance(advanced);
            }
            consumer.pause(finished);
            open.removeAll(finished);
        }
        return position;
    }
}
