package io.databroker.shared.ops;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A bounded range of one topic: per partition, the first offset to read and the offset to stop before. Resolved once,
 * at the start of a replay, against the offsets the topic has then (with {@code read_committed}, its end is the last
 * stable offset), so records appended later are not part of it.
 */
public record TopicRange(String topic, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

    public TopicRange {
        start = Map.copyOf(start);
        end = Map.copyOf(end);
    }

    /**
     * Resolves {@code from} and {@code to} (either may be null) on {@code topic} with {@code consumer}: timestamps
     * through the time index (the first offset whose timestamp is at or after it), offsets as given, both clamped to
     * what the partition still holds.
     */
    public static TopicRange resolve(Consumer<?, ?> consumer, String topic, RangeBound from, RangeBound to) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ending = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start = bound(consumer, partitions, from, beginning, ending, beginning);
        Map<TopicPartition, Long> end = bound(consumer, partitions, to, beginning, ending, ending);
        for (TopicPartition partition : partitions) {
            if (end.get(partition) < start.get(partition)) {
                end.put(partition, start.get(partition));
            }
        }
        return new TopicRange(topic, start, end);
    }

    private static Map<TopicPartition, Long> bound(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
                                                   RangeBound bound, Map<TopicPartition, Long> beginning,
                                                   Map<TopicPartition, Long> ending, Map<TopicPartition, Long> unset) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        if (bound != null && bound.timestamp() != null) {
            Map<TopicPartition, Long> query = new LinkedHashMap<>();
            partitions.forEach(partition -> query.put(partition, bound.timestamp().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp hit = found.get(partition);
                // no record at or after the timestamp: the range starts (or ends) at the partition's end
                offsets.put(partition, hit == null ? ending.get(partition) : hit.offset());
            }
        } else {
            Map<Integer, Long> given = bound == null ? Map.of() : bound.offsets();
            for (TopicPartition partition : partitions) {
                Long offset = given.get(partition.partition());
                offsets.put(partition, offset == null ? unset.get(partition) : offset);
            }
            for (Integer partition : given.keySet()) {
                if (!offsets.containsKey(new TopicPartition(partitions.iterator().next().topic(), partition))) {
                    throw new IllegalArgumentException("partition " + partition + " is not a partition of the topic");
                }
            }
        }
        offsets.replaceAll((partition, offset) ->
                Math.min(Math.max(offset, beginning.get(partition)), ending.get(partition)));
        return offsets;
    }

    /** Records in the range (transaction markers and aborted records included, so an upper bound). */
    public long size() {
        long size = 0;
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            size += entry.getValue() - start.get(entry.getKey());
        }
        return size;
    }

    /** A narrower range starting at {@code resumeAt} where that is further on (a resumed replay). */
    public TopicRange resumedAt(Map<TopicPartition, Long> resumeAt) {
        Map<TopicPartition, Long> moved = new LinkedHashMap<>(start);
        resumeAt.forEach((partition, offset) -> {
            Long first = moved.get(partition);
            if (first != null) {
                moved.put(partition, Math.min(Math.max(first, offset), end.get(partition)));
            }
        });
        return new TopicRange(topic, moved, end);
    }

    public Long endOf(TopicPartition partition) {
        return Objects.requireNonNull(end.get(partition), () -> partition + " is not in the range");
    }
}
