package io.databroker.enrich.normalize;

import io.databroker.shared.envelope.CloudEvent;
import tools.jackson.databind.node.ObjectNode;

/**
 * A canonical document (docs/documents.md) ready for enrichment and then {@code <source>_enriched}: its id (the
 * record key), the document itself (entity and join fields present as placeholders, filled by the enrich step), the
 * envelope for the {@code ce_*} headers, the deduplication fingerprint and where to look for entities.
 *
 * @param fingerprint what tells an update from a redelivery of the same id: a content hash for news, the OAI
 *                    datestamp for arXiv, a constant for immutable events (GitHub, DNS)
 */
public record NormalizedDocument(String id, ObjectNode document, CloudEvent envelope, String fingerprint,
                                 EntitySources entitySources) {
}
