package io.databroker.cold.consume;

/**
 * Where a partition resumes: after the last offset its table holds.
 *
 * @param partition  the Kafka partition
 * @param lastStored the last offset the table holds, or null when it holds none of this partition
 */
public record ResumePoint(int partition, Long lastStored) {

    /** The offset to consume next, or -1 when the table holds nothing of the partition yet. */
    public long nextOffset() {
        return lastStored == null ? -1 : lastStored + 1;
    }

    @Override
    public String toString() {
        return partition + ":" + (lastStored == null ? "start" : Long.toString(lastStored + 1));
    }
}
