package io.databroker.shared.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes the {@code ce_*} headers of the CloudEvents Kafka protocol binding, binary content mode
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md §3.2).
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** Replaces any existing envelope headers with those of {@code event}. */
    public static void write(CloudEvent event, Headers headers) {
        set(headers, SPEC_VERSION, SPEC_VERSION_1_0);
        set(headers, ID, event.id());
        set(headers, SOURCE, event.source());
        set(headers, TYPE, event.type());
        set(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(event.time()));
        set(headers, CONTENT_TYPE, APPLICATION_JSON);
    }

    /**
     * The envelope, if the record carries a complete and well-formed one. Records without {@code ce_*} headers
     * are legal (ARCHITECTURE §3: the id and time are then derived from the body), so absence is not an error;
     * a present but malformed envelope is, and is reported as {@link InvalidEnvelopeException}.
     */
    public static Optional<CloudEvent> read(Headers headers) {
        String id = text(headers, ID);
        String specVersion = text(headers, SPEC_VERSION);
        if (id == null && specVersion == null) {
            return Optional.empty();
        }
        if (specVersion != null && !SPEC_VERSION_1_0.equals(specVersion)) {
            throw new InvalidEnvelopeException("unsupported " + SPEC_VERSION + " '" + specVersion + "' (expected 1.0)");
        }
        String source = text(headers, SOURCE);
        String type = text(headers, TYPE);
        String time = text(headers, TIME);
        if (id == null || id.isBlank() || source == null || type == null || time == null) {
            throw new InvalidEnvelopeException("incomplete CloudEvents envelope: ce_id, ce_source, ce_type and ce_time are all required");
        }
        try {
            return Optional.of(new CloudEvent(id, source, type, Instant.parse(time)));
        } catch (DateTimeParseException e) {
            throw new InvalidEnvelopeException("ce_time is not an RFC 3339 timestamp: '" + time + "'");
        }
    }

    /** The value of a header as UTF-8 text, or null when absent. */
    public static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void set(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
