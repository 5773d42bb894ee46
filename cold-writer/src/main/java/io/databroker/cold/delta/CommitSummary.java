package io.databroker.cold.delta;

import java.util.Map;

/**
 * What one Delta commit stored.
 *
 * @param version      the table version the commit created
 * @param rows         rows appended
 * @param files        Parquet files added
 * @param bytes        bytes of those files
 * @param lastOffsets  partition → last Kafka offset the commit covers
 */
public record CommitSummary(long version, long rows, int files, long bytes, Map<Integer, Long> lastOffsets) {

    public CommitSummary {
        lastOffsets = Map.copyOf(lastOffsets);
    }
}
