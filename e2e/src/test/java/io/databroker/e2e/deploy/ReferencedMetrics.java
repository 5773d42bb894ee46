package io.databroker.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every metric name the alert rules and Grafana dashboards of deploy/ query. The allow-list
 * deploy/prometheus/exported-metrics.txt must hold them all ({@link ReferencedMetricsTest}); the end-to-end scrape
 * of the running services checks the allow-list against what they export.
 */
public final class ReferencedMetrics {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** Grafana's variable query {@code label_values(metric, label)}: its first argument is a metric. */
    private static final Pattern LABEL_VALUES = Pattern.compile("\\blabel_values\\s*\\(\\s*([^,()]*?)\\s*,\\s*\\w+\\s*\\)");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");

    private ReferencedMetrics() {
    }

    /** All metric names referenced under {@code root}/deploy (rules, PrometheusRules, dashboards), sorted. */
    public static SortedSet<String> fromDeployFiles(Path root) {
        SortedSet<String> all = new TreeSet<>();
        byFile(root).values().forEach(all::addAll);
        return all;
    }

    /** The metric names per file (paths relative to {@code root}), for failure messages that say where to look. */
    public static SortedMap<String, SortedSet<String>> byFile(Path root) {
        SortedMap<String, SortedSet<String>> byFile = new TreeMap<>();
        for (Path rules : Repository.files(root.resolve("deploy/prometheus/rules"), ".yml", ".yaml")) {
            byFile.put(root.relativize(rules).toString(), inExpressions(ruleExpressions(loadYaml(rules))));
        }
        for (Path manifest : Repository.files(root.resolve("deploy/k8s"), ".yml", ".yaml")) {
            for (Object doc : loadAllYaml(manifest)) {
                if (doc instanceof Map<?, ?> map && "PrometheusRule".equals(map.get("kind"))) {
                    byFile.put(root.relativize(manifest).toString(), inExpressions(ruleExpressions(map.get("spec"))));
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        for (Path dashboard : Repository.files(root.resolve("deploy/grafana/dashboards"), ".json")) {
            try {
                byFile.put(root.relativize(dashboard).toString(), inExpressions(dashboardQueries(json.readTree(dashboard.toFile()))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + dashboard, e);
            }
        }
        return byFile;
    }

    /** Metric names in one PromQL expression (or a Grafana variable query). */
    public static SortedSet<String> inPromQl(String expression) {
        String s = LABEL_VALUES.matcher(expression).replaceAll(" $1 ");
        s = STRING.matcher(s).replaceAll(" ");
        s = LABEL_MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        s = GRAFANA_VARIABLE.matcher(s).replaceAll(" ");
        SortedSet<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            boolean isCall = m.group(2) != null;
            if (!isCall && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static SortedSet<String> inExpressions(List<String> expressions) {
        SortedSet<String> names = new TreeSet<>();
        expressions.forEach(e -> names.addAll(inPromQl(e)));
        return names;
    }

    /** {@code expr} of every rule of a rules file (or a PrometheusRule's spec): {@code groups[].rules[].expr}. */
    static List<String> ruleExpressions(Object rulesFile) {
        List<String> expressions = new ArrayList<>();
        if (rulesFile instanceof Map<?, ?> map && map.get("groups") instanceof List<?> groups) {
            for (Object group : groups) {
                if (group instanceof Map<?, ?> g && g.get("rules") instanceof List<?> rules) {
                    for (Object rule : rules) {
                        if (rule instanceof Map<?, ?> r && r.get("expr") != null) {
                            expressions.add(String.valueOf(r.get("expr")));
                        }
                    }
                }
            }
        }
        return expressions;
    }

    /** Every {@code expr} anywhere in a dashboard (panel targets, nested row panels) and its variable queries. */
    static List<String> dashboardQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        collectExpr(dashboard, queries);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                queries.add(query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return queries;
    }

    private static void collectExpr(JsonNode node, List<String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    into.add(field.getValue().asText());
                } else {
                    collectExpr(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectExpr(child, into));
        }
    }

    static Object loadYaml(Path file) {
        return new Yaml().load(Repository.read(file));
    }

    static List<Object> loadAllYaml(Path file) {
        List<Object> docs = new ArrayList<>();
        new Yaml().loadAll(Repository.read(file)).forEach(docs::add);
        return docs;
    }
}
