package io.databroker.shared.envelope;

import java.time.Instant;
import java.util.Objects;

/**
 * The envelope attributes of a record (CloudEvents 1.0, Kafka protocol binding, binary content mode):
 * {@code id} is the stable natural id (ARCHITECTURE §4), {@code time} the event time.
 */
public record CloudEvent(String id, String source, String type, Instant time) {

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        if (id.isBlank()) {
            throw new IllegalArgumentException("CloudEvent id must not be blank");
        }
    }
}
