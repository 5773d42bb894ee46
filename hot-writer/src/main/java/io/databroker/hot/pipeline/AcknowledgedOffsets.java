package io.databroker.hot.pipeline;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The commit positions of the assigned partitions ({@link PartitionOffsets} each) and what was committed last, so
 * that only progress is committed. Used by the consumer thread only (assignment changes happen inside poll).
 */
final class AcknowledgedOffsets {

    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** Starts tracking a newly assigned partition (fresh: a re-assigned partition resumes from its committed offset). */
    PartitionOffsets assigned(TopicPartition partition) {
        PartitionOffsets offsets = new PartitionOffsets(partition);
        PartitionOffsets previous = partitions.put(partition, offsets);
        if (previous != null) {
            previous.detach();
        }
        committed.remove(partition);
        return offsets;
    }

    /** The tracker of an assigned partition. */
    PartitionOffsets of(TopicPartition partition) {
        PartitionOffsets offsets = partitions.get(partition);
        if (offsets == null) {
            throw new IllegalStateException("received a record of " + partition + ", which is not assigned");
        }
        return offsets;
    }

    /** After a poll: every tracked partition has been read up to its consumer position ({@link PartitionOffsets#readUpTo}). */
    void readUpTo(ToLongFunction<TopicPartition> position) {
        partitions.values().forEach(offsets -> {
            if (offsets.committable().isPresent()) {
                offsets.readUpTo(position.applyAsLong(offsets.partition()));
            }
        });
    }

    /** Stops tracking {@code revoked}; their outstanding outcomes are ignored from now on. */
    void revoked(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionOffsets offsets = partitions.remove(partition);
            if (offsets != null) {
                offsets.detach();
            }
            committed.remove(partition);
        }
    }

    /** The commit positions that moved since the last {@link #committed(Map)}, restricted to {@code among}. */
    Map<TopicPartition, OffsetAndMetadata> progress(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> result = new LinkedHashMap<>();
        for (TopicPartition partition : among) {
            PartitionOffsets offsets = partitions.get(partition);
            if (offsets == null) {
                continue;
            }
            OptionalLong next = offsets.committable();
            Long last = committed.get(partition);
            if (next.isPresent() && (last == null || next.getAsLong() > last)) {
                result.put(partition, new OffsetAndMetadata(next.getAsLong()));
            }
        }
        return result;
    }

    /** {@link #progress(Collection)} over every assigned partition. */
    Map<TopicPartition, OffsetAndMetadata> progress() {
        return progress(partitions.keySet());
    }

    /** These positions are committed (or their commit is under way). */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            if (partitions.containsKey(partition)) {
                committed.merge(partition, offset.offset(), Math::max);
            }
        });
    }

    /** An asynchronous commit failed: forget it, so that the next {@link #progress()} offers these positions again. */
    void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.remove(partition, offset.offset()));
    }

    /** Records received and not yet acknowledged, over all assigned partitions. */
    int pending() {
        return partitions.values().stream().mapToInt(PartitionOffsets::pendingCount).sum();
    }
}
