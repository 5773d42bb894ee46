package io.databroker.enrich.topology;

import java.time.Duration;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code <source>-dedupe}: drops a document whose id was seen within the window with the same fingerprint (a
 * redelivery, a GitHub poll overlap, a re-harvest) and lets one with a new fingerprint through as an update (a changed
 * news item). The window store {@code <source>-dedupe-store} holds id → fingerprint at the raw record's timestamp; its
 * retention is the window, so memory stays bounded, and it is changelog-backed, so a restarted or moved task keeps it.
 *
 * <p>State is per input partition. That is enough because every copy of a document lands in the same partition: the
 * raw topics are keyed by what the id is made of (ARCHITECTURE §3).
 */
final class DedupeProcessor implements FixedKeyProcessor<byte[], Outcome, Outcome> {

    private final String storeName;
    private final Duration window;
    private final Counter dropped;
    private final Counter updated;
    private FixedKeyProcessorContext<byte[], Outcome> context;
    private WindowStore<String, String> seen;

    DedupeProcessor(Source source, String storeName, Duration window, MeterRegistry meters) {
        this.storeName = storeName;
        this.window = window;
        this.dropped = meters.counter(MetricNames.ENRICH_DEDUP, MetricNames.TAG_SOURCE, source.id(),
                MetricNames.TAG_RESULT, "dropped");
        this.updated = meters.counter(MetricNames.ENRICH_DEDUP, MetricNames.TAG_SOURCE, source.id(),
                MetricNames.TAG_RESULT, "updated");
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<byte[], Outcome> record) {
        NormalizedDocument document = ((Outcome.Normalized) record.value()).document();
        long time = record.timestamp();
        String previous = latest(document.id(), time);
        if (document.fingerprint().equals(previous)) {
            dropped.increment();
            return;
        }
        if (previous != null) {
            updated.increment();
        }
        seen.put(document.id(), document.fingerprint(), time);
        context.forward(record);
    }

    /** The fingerprint stored last for {@code id} within the window around {@code time}, or null. */
    private String latest(String id, long time) {
        long from = Math.max(0, time - window.toMillis());
        long to = time > Long.MAX_VALUE - window.toMillis() ? Long.MAX_VALUE : time + window.toMillis();
        try (WindowStoreIterator<String> entries = seen.backwardFetch(id, from, to)) {
            if (entries.hasNext()) {
                KeyValue<Long, String> newest = entries.next();
                return newest.value;
            }
        }
        return null;
    }
}
