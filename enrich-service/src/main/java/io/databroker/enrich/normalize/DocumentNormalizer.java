package io.databroker.enrich.normalize;

import java.time.Instant;

import io.databroker.enrich.validate.ValidatedRecord;

/** Turns one validated raw record of a source into its canonical document; one implementation per source. */
@FunctionalInterface
public interface DocumentNormalizer {

    /**
     * @param enrichedAt the {@code enriched_at} value, from the injected clock
     * @throws io.databroker.shared.deadletter.RecordRejectedException for a value the schema let through but
     *                                                                 that cannot be normalized
     */
    NormalizedDocument normalize(ValidatedRecord record, Instant enrichedAt);
}
