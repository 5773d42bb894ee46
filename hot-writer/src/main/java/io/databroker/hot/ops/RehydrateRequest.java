package io.databroker.hot.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databroker.shared.topic.Source;

/**
 * {@code POST /ops/rehydrate}: rebuild the hot store's last {@code days} UTC days (today included, at most the
 * hot window) of {@code sources} (empty or absent: every source this writer indexes) from the Delta tables.
 */
public record RehydrateRequest(Integer days, List<String> sources) {

    /** The hot store's window: more would be deleted by ILM right away. */
    public static final int MAX_DAYS = 10;

    public int daysValue() {
        if (days == null || days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("'days' must be between 1 and " + MAX_DAYS + ", was " + days);
        }
        return days;
    }

    /** The sources asked for, each one the writer indexes; all of {@code configured} when none is named. */
    public List<Source> sourcesValue(List<Source> configured) {
        if (sources == null || sources.isEmpty()) {
            return configured;
        }
        return sources.stream().map(name -> {
            Source source;
            try {
                source = Source.ofId(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown source '" + name + "'");
            }
            if (!configured.contains(source)) {
                throw new IllegalArgumentException("this hot-writer does not index " + name + " (broker.hot.sources)");
            }
            return source;
        }).distinct().toList();
    }

    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("days", days);
        parameters.put("sources", sources == null ? List.of() : sources);
        return parameters;
    }
}
