package io.databroker.e2e.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** compose.yaml as parsed YAML (anchors and merge keys resolved), with the lookups the tests share. */
record ComposeFile(Map<String, Object> document) {

    /** {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME}}, {@code ${NAME:?err}} and bare {@code $NAME}. */
    static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** One {@code ${...}} occurrence: the variable, its operator ({@code :-}, {@code -}, {@code :?}, or empty) and default. */
    record Variable(String name, String operator, String value) {
    }

    static ComposeFile load(Path root) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<String, Object> document = new Yaml(options).load(Repository.read(root.resolve("compose.yaml")));
        return new ComposeFile(document);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) document.get("services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new AssertionError("compose.yaml has no service " + name);
        }
        return service;
    }

    /** The services built from this repository's Dockerfile: name → SERVER_PORT build arg. */
    Map<String, String> brokerServicePorts() {
        Map<String, String> ports = new TreeMap<>();
        services().forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build && build.get("args") instanceof Map<?, ?> args
                    && args.get("SERVICE") != null) {
                ports.put(name, String.valueOf(args.get("SERVER_PORT")));
            }
        });
        return ports;
    }

    /** depends_on as service → condition (the short list form maps to service_started). */
    static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof List<?> list) {
            list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        } else if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((name, spec) -> conditions.put(String.valueOf(name),
                    spec instanceof Map<?, ?> s && s.get("condition") != null ? String.valueOf(s.get("condition")) : "service_started"));
        }
        return conditions;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        if (env instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> asMap = new LinkedHashMap<>();
        if (env instanceof List<?> list) {
            for (Object entry : list) {
                String[] kv = String.valueOf(entry).split("=", 2);
                asMap.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return asMap;
    }

    /** Every interpolation in every scalar (keys and values) of the document, in order. */
    List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        collect(document, variables);
        return variables;
    }

    private static void collect(Object node, List<Variable> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                collect(k, into);
                collect(v, into);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, into));
        } else if (node instanceof String s) {
            into.addAll(interpolations(s));
        }
    }

    static List<Variable> interpolations(String s) {
        List<Variable> found = new ArrayList<>();
        Matcher m = INTERPOLATION.matcher(s.replace("$$", ""));
        while (m.find()) {
            if (m.group(4) != null) {
                found.add(new Variable(m.group(4), "", null));
            } else {
                found.add(new Variable(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3)));
            }
        }
        return found;
    }

    /** A scalar with each {@code ${NAME:-default}} replaced by its default: what compose uses without a .env. */
    static String withDefaults(String s) {
        return INTERPOLATION.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(3) == null ? "" : m.group(3)));
    }
}
