package io.databroker.enrich.topology;

import java.time.Clock;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import io.databroker.enrich.normalize.DocumentNormalizer;
import io.databroker.shared.deadletter.RecordRejectedException;

/** {@code <source>-normalize}: accepted record → {@link Outcome.Normalized}; rejections pass through. */
final class NormalizeProcessor implements FixedKeyProcessor<byte[], Outcome, Outcome> {

    private final DocumentNormalizer normalizer;
    private final Clock clock;
    private FixedKeyProcessorContext<byte[], Outcome> context;

    NormalizeProcessor(DocumentNormalizer normalizer, Clock clock) {
        this.normalizer = normalizer;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], Outcome> record) {
        if (!(record.value() instanceof Outcome.Accepted accepted)) {
            context.forward(record);
            return;
        }
        Outcome outcome;
        try {
            outcome = new Outcome.Normalized(normalizer.normalize(accepted.record(), clock.instant()), accepted.original());
        } catch (RecordRejectedException e) {
            outcome = new Outcome.Rejected(accepted.original(), e, EnrichSettings.NORMALIZE_STAGE);
        }
        context.forward(record.withValue(outcome));
    }
}
