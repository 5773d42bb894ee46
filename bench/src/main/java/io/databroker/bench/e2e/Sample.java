package io.databroker.bench.e2e;

import io.databroker.shared.topic.Source;

/**
 * One sampled event and when each stage first showed it, in {@link System#nanoTime()} (0 = not yet). Written by one
 * watcher thread per field, read by the others and the report.
 */
final class Sample {

    final Source source;
    final String documentId;
    final long producedNanos;
    final boolean measured;
    volatile long enrichedNanos;
    volatile int enrichedPartition = -1;
    volatile long enrichedOffset = -1;
    volatile long searchableNanos;
    volatile long deltaNanos;

    /** {@code measured} false: produced during the warm-up, tracked but not counted. */
    Sample(Source source, String documentId, long producedNanos, boolean measured) {
        this.source = source;
        this.documentId = documentId;
        this.producedNanos = producedNanos;
        this.measured = measured;
    }
}
