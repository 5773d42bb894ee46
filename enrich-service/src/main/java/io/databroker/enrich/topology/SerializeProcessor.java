package io.databroker.enrich.topology;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import io.databroker.shared.deadletter.RecordRejectedException;

/**
 * {@code <source>-serialize}: the enriched document becomes its JSON bytes ({@link EnrichedValue}); one too large
 * for the enriched topic is rejected with its raw bytes, for the dead-letter queue.
 */
final class SerializeProcessor implements FixedKeyProcessor<byte[], Outcome, Outcome> {

    private final long maxDocumentBytes;
    private FixedKeyProcessorContext<byte[], Outcome> context;

    SerializeProcessor(long maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Outcome> record) {
        Outcome.Normalized normalized = (Outcome.Normalized) record.value();
        Outcome outcome;
        try {
            outcome = new Outcome.Serialized(normalized.document(), EnrichedValue.of(normalized.document(), maxDocumentBytes));
        } catch (RecordRejectedException e) {
            outcome = new Outcome.Rejected(normalized.original(), e, EnrichSettings.ENRICH_STAGE);
        }
        context.forward(record.withValue(outcome));
    }
}
