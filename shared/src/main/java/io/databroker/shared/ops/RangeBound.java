package io.databroker.shared.ops;

import java.time.Instant;
import java.util.Map;

/**
 * One end of a replay range: a record timestamp, or an offset per partition (partitions not named take the topic's
 * start for {@code from}, its end for {@code to}). JSON {@code {"timestamp":"2026-11-20T00:00:00Z"}} or
 * {@code {"offsets":{"0":123,"1":98}}}.
 */
public record RangeBound(Instant timestamp, Map<Integer, Long> offsets) {

    public RangeBound {
        if (timestamp != null && offsets != null && !offsets.isEmpty()) {
            throw new IllegalArgumentException("give either a timestamp or offsets, not both");
        }
        offsets = offsets == null ? Map.of() : Map.copyOf(offsets);
    }

    public static RangeBound at(Instant timestamp) {
        return new RangeBound(timestamp, null);
    }

    public static RangeBound atOffsets(Map<Integer, Long> offsets) {
        return new RangeBound(null, offsets);
    }
}
