package io.databroker.shared.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import io.databroker.shared.topic.Source;

/**
 * {@code POST /ops/replay}: re-process the records of one source's topic from {@code from} (inclusive) to {@code to}
 * (exclusive). A missing {@code from} means the start of the topic; a missing {@code to} the end at the moment the
 * replay starts, so a replay is always bounded.
 */
public record ReplayRequest(String source, RangeBound from, RangeBound to) {

    /** The source named, or IllegalArgumentException naming the allowed values. */
    public Source sourceValue() {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("'source' is required (arxiv, github, news or dns)");
        }
        try {
            return Source.ofId(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown source '" + source + "' (arxiv, github, news or dns)");
        }
    }

    /** The job parameters shown in its status. */
    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("source", source);
        parameters.put("from", describe(from));
        parameters.put("to", describe(to));
        return parameters;
    }

    private static Object describe(RangeBound bound) {
        if (bound == null) {
            return null;
        }
        return bound.timestamp() != null ? Map.of("timestamp", bound.timestamp().toString())
                : Map.of("offsets", bound.offsets());
    }
}
