package io.databroker.cold.consume;

import java.time.Instant;
import java.util.Set;

/**
 * A table's health as the loop sees it.
 *
 * @param table        the Delta table
 * @param failingSince first of the failures since the last success, or null when healthy
 * @param lastError    the simple class name of the last failure (never its message: it may hold paths or data)
 * @param assigned     Kafka partitions this writer owns
 * @param waiting      owned partitions not yet resumed from the log
 */
public record SinkStatus(String table, Instant failingSince, String lastError, Set<Integer> assigned, Set<Integer> waiting) {

    public boolean healthy() {
        return failingSince == null;
    }
}
