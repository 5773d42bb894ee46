package io.databroker.cold.buffer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.databroker.cold.delta.TableRow;

/**
 * The records of one table not yet committed, per Kafka partition: their rows and the last offset consumed, which
 * also covers records that were dead-lettered instead of buffered (so a commit moves past them too).
 */
public final class TableBuffer {

    private final Map<Integer, PartitionRows> partitions = new TreeMap<>();
    private long bytes;
    private long rows;

    /** Buffers a row consumed at {@code offset}, {@code bytes} being its record's size. */
    public void add(int partition, long offset, TableRow row, long bytes, Instant consumedAt) {
        PartitionRows p = track(partition, offset, consumedAt);
        p.rows.add(row);
        p.bytes += bytes;
        this.bytes += bytes;
        this.rows++;
    }

    /** Records that {@code offset} was consumed without a row (dead-lettered): the next commit covers it. */
    public void skip(int partition, long offset, Instant consumedAt) {
        track(partition, offset, consumedAt);
    }

    private PartitionRows track(int partition, long offset, Instant consumedAt) {
        PartitionRows p = partitions.computeIfAbsent(partition, k -> new PartitionRows(consumedAt));
        if (offset <= p.lastOffset) {
            throw new IllegalArgumentException("offset " + offset + " of partition " + partition
                    + " is not after the buffered " + p.lastOffset);
        }
        p.lastOffset = offset;
        return p;
    }

    /** The last buffered offset of {@code partition}, if any record of it is buffered. */
    public Optional<Long> lastOffset(int partition) {
        PartitionRows p = partitions.get(partition);
        return p == null ? Optional.empty() : Optional.of(p.lastOffset);
    }

    /** Partition → last consumed offset, for every partition with buffered records. */
    public Map<Integer, Long> lastOffsets() {
        Map<Integer, Long> offsets = new TreeMap<>();
        partitions.forEach((partition, p) -> offsets.put(partition, p.lastOffset));
        return offsets;
    }

    /** All buffered rows, partition by partition in offset order. */
    public List<TableRow> rows() {
        List<TableRow> all = new ArrayList<>((int) rows);
        partitions.values().forEach(p -> all.addAll(p.rows));
        return all;
    }

    public long rowCount() {
        return rows;
    }

    public long bytes() {
        return bytes;
    }

    /** True when nothing (not even a dead-lettered record) was consumed since the last commit. */
    public boolean isEmpty() {
        return partitions.isEmpty();
    }

    /** When the oldest buffered record (row or dead letter) was consumed. */
    public Optional<Instant> oldestConsumedAt() {
        return partitions.values().stream().map(p -> p.firstConsumedAt).min(Instant::compareTo);
    }

    /** Forgets the records of partitions this writer no longer owns: their new owner re-reads them from the log's offsets. */
    public void drop(Collection<Integer> revoked) {
        for (int partition : revoked) {
            PartitionRows p = partitions.remove(partition);
            if (p != null) {
                bytes -= p.bytes;
                rows -= p.rows.size();
            }
        }
    }

    public void clear() {
        partitions.clear();
        bytes = 0;
        rows = 0;
    }

    /** One partition's share of the buffer. */
    private static final class PartitionRows {
        private final List<TableRow> rows = new ArrayList<>();
        private final Instant firstConsumedAt;
        private long lastOffset = -1;
        private long bytes;

        private PartitionRows(Instant firstConsumedAt) {
            this.firstConsumedAt = firstConsumedAt;
        }
    }
}
