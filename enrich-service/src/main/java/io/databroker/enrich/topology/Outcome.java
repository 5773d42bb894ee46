package io.databroker.enrich.topology;

import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.enrich.validate.ValidatedRecord;
import io.databroker.shared.deadletter.RecordRejectedException;

/** Where a raw record stands inside the topology; decides the branch (enriched topic or dead letters). */
sealed interface Outcome {

    /** Passed validation; the original bytes travel along in case normalization rejects it. */
    record Accepted(byte[] original, ValidatedRecord record) implements Outcome {
    }

    /** Normalized, then deduplicated and enriched in place; the original bytes still travel along. */
    record Normalized(NormalizedDocument document, byte[] original) implements Outcome {
    }

    /** Ready for {@code <source>_enriched}: the document and its JSON. */
    record Serialized(NormalizedDocument document, byte[] value) implements Outcome {
    }

    /** To be dead-lettered with the original bytes. */
    record Rejected(byte[] original, RecordRejectedException error, String stage) implements Outcome {
    }
}
