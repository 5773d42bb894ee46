package io.databroker.e2e.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * deploy/prometheus/exported-metrics.txt: the metric names the deploy files may reference, each with its origin
 * ({@code broker}, {@code micrometer}, {@code kafka-client}: exported by the services; {@code prometheus}: made by
 * Prometheus itself, like {@code up}).
 */
public final class ExportedMetrics {

    public static final String FILE = "deploy/prometheus/exported-metrics.txt";
    static final Set<String> ORIGINS = Set.of("broker", "micrometer", "kafka-client", "prometheus");

    private ExportedMetrics() {
    }

    /** name → origin, in file order; a malformed or duplicate line is an IllegalStateException naming it. */
    public static Map<String, String> load(Path root) {
        Map<String, String> names = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : Repository.read(root.resolve(FILE)).split("\n", -1)) {
            lineNumber++;
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] columns = content.split("\\s+", 3);
            if (columns.length < 2 || !ORIGINS.contains(columns[1]) || !columns[0].matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                throw new IllegalStateException(FILE + ":" + lineNumber + ": expected '<metric name> <origin: "
                        + ORIGINS + "> [note]', got: " + line);
            }
            if (names.put(columns[0], columns[1]) != null) {
                throw new IllegalStateException(FILE + ":" + lineNumber + ": " + columns[0] + " is listed twice");
            }
        }
        return names;
    }

    /** The names a scrape of the running services must contain (everything not made by Prometheus itself). */
    public static Set<String> exportedByServices(Path root) {
        Map<String, String> all = load(root);
        all.values().removeIf("prometheus"::equals);
        return all.keySet();
    }
}
