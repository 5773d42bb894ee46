package io.databroker.shared.json;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration every service uses for record values: strict about duplicate keys (a hostile
 * producer must not be able to smuggle a second value past validation), tolerant of unknown properties.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** Immutable and thread-safe, so one instance is shared. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
