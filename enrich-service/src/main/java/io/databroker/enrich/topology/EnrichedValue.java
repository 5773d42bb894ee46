package io.databroker.enrich.topology;

import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;

/**
 * The enriched record's value: the canonical document's JSON, refused when it is larger than the enriched topic
 * takes. Normalization and the joins make a document larger than its raw record, so a raw record that fit can
 * become one the broker rejects; Kafka Streams would then stop the whole service on the failed send.
 */
public final class EnrichedValue {

    private EnrichedValue() {
    }

    /** @throws RecordRejectedException ({@code oversized}) when the JSON exceeds {@code maxDocumentBytes} */
    public static byte[] of(NormalizedDocument document, long maxDocumentBytes) {
        byte[] value = Json.mapper().writeValueAsBytes(document.document());
        if (value.length > maxDocumentBytes) {
            throw new RecordRejectedException(DeadLetterReason.OVERSIZED, "the enriched document " + document.id()
                    + " is " + value.length + " bytes, over broker.enrich.max-document-bytes (" + maxDocumentBytes
                    + "), more than its enriched topic accepts");
        }
        return value;
    }
}
