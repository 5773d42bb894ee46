package io.databroker.cold.delta;

import java.util.List;
import java.util.Map;

/**
 * What one Delta commit stored.
 *
 * @param version     the table version the commit created
 * @param rows        rows appended
 * @param fileSizes   bytes of each Parquet file added
 * @param lastOffsets partition → last Kafka offset the commit covers
 */
public record CommitSummary(long version, long rows, List<Long> fileSizes, Map<Integer, Long> lastOffsets) {

    public CommitSummary {
        fileSizes = List.copyOf(fileSizes);
        lastOffsets = Map.copyOf(lastOffsets);
    }

    /** Parquet files added. */
    public int files() {
        return fileSizes.size();
    }

    /** Bytes of the Parquet files added. */
    public long bytes() {
        return fileSizes.stream().mapToLong(Long::longValue).sum();
    }
}
