package io.databroker.enrich.normalize;

import io.databroker.shared.envelope.CloudEvent;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canonical document (docs/documents.md) ready for {@code <source>_enriched}: its id (the record key), the
 * document itself and the envelope to put in the {@code ce_*} headers.
 */
public record NormalizedDocument(String id, ObjectNode document, CloudEvent envelope) {
}
