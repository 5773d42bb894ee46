package io.databroker.cold.buffer;

import java.time.Duration;
import java.time.Instant;

/**
 * When a table's buffer becomes a Delta commit (ARCHITECTURE §7): once its records are expected to make
 * {@code targetParquetBytes} of Parquet, or it holds {@code maxBytes} of record JSON (the memory bound) or
 * {@code maxRows} rows, or once its oldest record has waited {@code maxLatency}. An empty buffer never commits, so a
 * quiet table commits at most once per latency interval.
 *
 * @param maxLatency         how long a consumed record may wait for its commit
 * @param targetParquetBytes Parquet bytes (estimated, {@link ParquetSizeEstimate}) that trigger a commit
 * @param maxBytes           buffered record bytes (JSON) that trigger a commit; bounds memory per table
 * @param maxRows            buffered rows that trigger a commit
 */
public record FlushPolicy(Duration maxLatency, long targetParquetBytes, long maxBytes, long maxRows) {

    public FlushPolicy {
        if (maxLatency == null || maxLatency.isNegative() || maxLatency.isZero()) {
            throw new IllegalArgumentException("maxLatency must be positive");
        }
        if (targetParquetBytes < 1 || maxBytes < 1 || maxRows < 1) {
            throw new IllegalArgumentException("targetParquetBytes, maxBytes and maxRows must be >= 1");
        }
    }

    public boolean shouldFlush(TableBuffer buffer, ParquetSizeEstimate estimate, Instant now) {
        if (buffer.isEmpty()) {
            return false;
        }
        return isFull(buffer, estimate) || latencyExpired(buffer, now);
    }

    public boolean isFull(TableBuffer buffer, ParquetSizeEstimate estimate) {
        return estimate.parquetBytes(buffer.bytes()) >= targetParquetBytes || buffer.bytes() >= maxBytes
                || buffer.rowCount() >= maxRows;
    }

    public boolean latencyExpired(TableBuffer buffer, Instant now) {
        return buffer.oldestConsumedAt().map(oldest -> !now.isBefore(oldest.plus(maxLatency))).orElse(false);
    }
}
