package io.databroker.enrich.topology;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import io.databroker.enrich.validate.RawRecordValidator;
import io.databroker.shared.deadletter.RecordRejectedException;

/** {@code <source>-validate}: raw bytes → {@link Outcome.Accepted} or {@link Outcome.Rejected}. */
final class ValidateProcessor implements FixedKeyProcessor<byte[], byte[], Outcome> {

    private final RawRecordValidator validator;
    private FixedKeyProcessorContext<byte[], Outcome> context;

    ValidateProcessor(RawRecordValidator validator) {
        this.validator = validator;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        Outcome outcome;
        try {
            outcome = new Outcome.Accepted(record.value(), validator.validate(record.value(), record.headers(),
                    Instant.ofEpochMilli(record.timestamp())));
        } catch (RecordRejectedException e) {
            outcome = new Outcome.Rejected(record.value(), e, EnrichSettings.VALIDATE_STAGE);
        }
        context.forward(record.withValue(outcome));
    }
}
