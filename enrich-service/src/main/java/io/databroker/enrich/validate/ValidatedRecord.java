package io.databroker.enrich.validate;

import java.time.Instant;
import java.util.Optional;

import io.databroker.shared.envelope.CloudEvent;
import tools.jackson.databind.node.ObjectNode;

/**
 * A raw record that passed validation: its JSON body, valid against the topic's schema, its envelope when the
 * producer sent one (records without {@code ce_*} headers are legal, ARCHITECTURE §3), and its Kafka timestamp
 * (the {@code ingested_at} of records whose body has none).
 */
public record ValidatedRecord(ObjectNode body, Optional<CloudEvent> envelope, Instant recordTime) {
}
