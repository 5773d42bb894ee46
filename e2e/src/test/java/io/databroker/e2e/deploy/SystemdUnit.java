package io.databroker.e2e.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file as systemd reads it (systemd.syntax(7)): sections of {@code Key=Value} lines, keys that may
 * repeat, {@code #}/{@code ;} comments, backslash continuations.
 */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {

    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            line = pending.append(line).toString();
            pending.setLength(0);
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
            } else if (current != null && line.contains("=")) {
                current.computeIfAbsent(line.substring(0, line.indexOf('=')).strip(), k -> new ArrayList<>())
                        .add(line.substring(line.indexOf('=') + 1).strip());
            } else {
                throw new IllegalArgumentException("not a unit file line: " + raw);
            }
        }
        return new SystemdUnit(sections);
    }

    /** Every value of {@code key} in {@code section}, in file order (empty when absent). */
    List<String> all(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The effective value: the last assignment wins, as in systemd. Null when absent. */
    String get(String section, String key) {
        List<String> values = all(section, key);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** {@code Environment=NAME=value} assignments of [Service]. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : all("Service", "Environment")) {
            env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        return env;
    }
}
