package io.databroker.enrich.validate;

import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;

import tools.jackson.databind.JsonNode;

/**
 * A raw topic's JSON Schema in two forms from the same file: {@link CompiledSchema}, which vouches quickly for the
 * records that are certainly valid (nearly all of them), and the full validator for the rest, which decides and
 * explains. Thread-safe.
 */
public final class RawTopicSchema {

    private final Schema full;
    private final CompiledSchema compiled;

    RawTopicSchema(Schema full, CompiledSchema compiled) {
        this.full = full;
        this.compiled = compiled;
    }

    /** The violations of {@code value}; empty when it is valid. */
    public List<Error> validate(JsonNode value) {
        return compiled.accepts(value) ? List.of() : full.validate(value);
    }

    /** The full validator alone, for tests that compare the two. */
    Schema full() {
        return full;
    }

    CompiledSchema compiled() {
        return compiled;
    }
}
