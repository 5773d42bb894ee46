package io.databroker.enrich.validate;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Headers;

import com.networknt.schema.Error;

import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.envelope.InvalidEnvelopeException;
import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks one raw record, cheapest check first: size, UTF-8 JSON, the CloudEvents envelope, then the topic's
 * JSON Schema. Each failure is its own {@link io.databroker.shared.deadletter.RecordRejectedException} subtype,
 * whose reason becomes the dead letter's {@code reason}.
 */
public final class RawRecordValidator {

    /** Enough to say what is wrong without turning a dead letter's headers into a second payload. */
    private static final int MAX_REPORTED_ERRORS = 5;

    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * {@link #READER} for the fast path, which finds duplicate names while it builds the tree (a name put twice into
     * one object) instead of with the parser's own check, which fills a {@code HashSet} for every object of more than
     * two names (~1.5 % of the stream thread). Same verdict; a rejected value is parsed again by {@link #READER},
     * so the error reads as it always did.
     */
    private static final ObjectReader BYTES_READER = READER
            .without(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private final RawTopicSchema schema;
    private final long maxRecordBytes;

    public RawRecordValidator(RawTopicSchema schema, long maxRecordBytes) {
        this.schema = schema;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** @throws io.databroker.shared.deadletter.RecordRejectedException when the record must be dead-lettered */
    public ValidatedRecord validate(byte[] value, Headers headers, Instant recordTime) {
        if (value != null && value.length > maxRecordBytes) {
            throw new OversizedRecordException("value of " + value.length + " bytes exceeds the limit of " + maxRecordBytes);
        }
        JsonNode body = parse(value);
        Optional<CloudEvent> envelope;
        try {
            envelope = CloudEventHeaders.read(headers);
        } catch (InvalidEnvelopeException e) {
            throw new InvalidEnvelopeRecordException(e);
        }
        List<Error> errors = schema.validate(body);
        if (!errors.isEmpty()) {
            throw new SchemaViolationException(errors.size() + " schema violation(s): " + errors.stream()
                    .limit(MAX_REPORTED_ERRORS).map(Error::toString).collect(Collectors.joining("; ")));
        }
        if (!(body instanceof ObjectNode object)) {
            // Every raw schema requires an object; this guards against a schema that forgets to.
            throw new SchemaViolationException("value is not a JSON object");
        }
        return new ValidatedRecord(object, envelope, recordTime);
    }

    private static JsonNode parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedRecordException("empty value", null);
        }
        if (isPlainUtf8(value)) {
            try {
                JsonNode node = BYTES_READER.readTree(value);
                if (node != null && !node.isMissingNode()) {
                    return node;
                }
            } catch (JacksonException e) {
                // fall through: the general path below words the error exactly as always
            }
        }
        return parseDecoded(value);
    }

    /**
     * Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), without a byte-order mark and without
     * NUL bytes: then Jackson's byte parser reads exactly what the decoded text would give it (it would otherwise
     * guess UTF-16/32 from zero bytes, and skip a BOM the text path rejects). A check on the bytes instead of decoding
     * the whole value into a String first.
     */
    static boolean isPlainUtf8(byte[] value) {
        if (value.length >= 3 && value[0] == (byte) 0xEF && value[1] == (byte) 0xBB && value[2] == (byte) 0xBF) {
            return false;
        }
        int i = 0;
        int n = value.length;
        while (i < n) {
            int b = value[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                return false;
            }
            b &= 0xFF;
            if (b >= 0xC2 && b <= 0xDF) {
                if (i + 1 >= n || !continuation(value[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (i + 2 >= n || !continuation(value[i + 1]) || !continuation(value[i + 2])) {
                    return false;
                }
                int second = value[i + 1] & 0xFF;
                if ((b == 0xE0 && second < 0xA0) || (b == 0xED && second > 0x9F)) {
                    return false; // overlong, or a UTF-16 surrogate
                }
                i += 3;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (i + 3 >= n || !continuation(value[i + 1]) || !continuation(value[i + 2]) || !continuation(value[i + 3])) {
                    return false;
                }
                int second = value[i + 1] & 0xFF;
                if ((b == 0xF0 && second < 0x90) || (b == 0xF4 && second > 0x8F)) {
                    return false; // overlong, or above U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** Decodes strictly, then parses the text: the reference behaviour, and the one that names what is wrong. */
    private static JsonNode parseDecoded(byte[] value) {
        String text;
        try {
            // JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1); Jackson alone would also accept UTF-16/32.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException("value is not valid UTF-8", e);
        }
        try {
            JsonNode node = READER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new MalformedRecordException("value holds no JSON", null);
            }
            return node;
        } catch (JacksonException e) {
            throw new MalformedRecordException("value is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
