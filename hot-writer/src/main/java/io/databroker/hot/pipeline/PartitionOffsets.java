package io.databroker.hot.pipeline;

import java.util.OptionalLong;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;

/**
 * The records of one assigned partition between "received" and "acknowledged" (stored, dead-lettered or skipped).
 * Bulk requests complete out of order, so the offset that may be committed is the lowest one still pending — never
 * past an unacknowledged record — or, when nothing is pending, the one after the last record received.
 * Thread-safe: the consumer thread adds, the bulk listener threads acknowledge.
 */
final class PartitionOffsets {

    private final TopicPartition partition;
    private final TreeSet<Long> pending = new TreeSet<>();
    private long nextAfterReceived = -1;
    private volatile boolean detached;

    PartitionOffsets(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    /** A record of this partition was handed to the writer (or is about to be dead-lettered or skipped). */
    synchronized void received(long offset) {
        pending.add(offset);
        nextAfterReceived = Math.max(nextAfterReceived, offset + 1);
    }

    /**
     * The consumer's position after a poll. It may lie past offsets that held no record for us: the transaction
     * markers of a transactional producer (every enriched topic ends with one) and aborted records. Without this the
     * commit would stop one short of the end and the group's lag never reach 0. Before the first record it is ignored.
     */
    synchronized void readUpTo(long position) {
        if (nextAfterReceived >= 0) {
            nextAfterReceived = Math.max(nextAfterReceived, position);
        }
    }

    /** The record at {@code offset} is stored, dead-lettered or skipped. Unknown offsets are ignored. */
    synchronized void acknowledged(long offset) {
        pending.remove(offset);
    }

    /** The offset to commit (Kafka's "next record to read"), empty before the first record. */
    synchronized OptionalLong committable() {
        if (nextAfterReceived < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(pending.isEmpty() ? nextAfterReceived : pending.first());
    }

    /** Records received and not yet acknowledged. */
    synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * The partition was revoked or lost: outcomes arriving later change nothing, and documents waiting for a
     * re-send are dropped (the partition's next owner reads them again from the committed offset).
     */
    void detach() {
        detached = true;
    }

    boolean isDetached() {
        return detached;
    }
}
