package io.databroker.enrich.validate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.databroker.shared.topic.Source;

/**
 * A name twice in one object makes the record malformed wherever the object sits, with the parser's own wording; the
 * same name in two different objects is fine.
 */
class RawRecordValidatorDuplicateNamesTest {

    private final RawRecordValidator validator = new RawRecordValidator(new JsonSchemas().forSource(Source.NEWS), 1 << 20);

    @Test
    void aDuplicateNameAtAnyDepthIsMalformed() {
        for (String json : new String[] {
                "{\"x\":1,\"x\":2}",
                "{\"a\":{\"b\":true,\"x\":1,\"x\":1}}",
                "{\"a\":[{\"x\":1},{\"y\":1,\"z\":2,\"y\":3}]}",
                "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\",\"a\":\"5\"}"}) {
            assertThatThrownBy(() -> validate(json)).as(json)
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessageStartingWith("value is not JSON: Duplicate Object property \"");
        }
    }

    @Test
    void theSameNameInDifferentObjectsIsNotADuplicate() {
        // Parsed, then judged by the schema: not malformed.
        assertThatThrownBy(() -> validate("{\"x\":{\"x\":1},\"y\":[{\"x\":1},{\"x\":2}]}"))
                .isInstanceOf(SchemaViolationException.class);
    }

    private void validate(String json) {
        validator.validate(json.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Instant.EPOCH);
    }
}
