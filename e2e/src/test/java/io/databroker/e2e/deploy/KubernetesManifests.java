package io.databroker.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Parses Kubernetes manifests strictly into fabric8's typed model: an unknown apiVersion/kind, or any field the
 * model does not know (fabric8 would keep it in additionalProperties, and the API server would drop or reject it),
 * is an error naming the document and the field.
 */
final class KubernetesManifests {

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    private static final ObjectMapper YAML = new YAMLMapper();
    /** Numbers compare by value: the model turns a YAML int into a long where the API field is int64. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private KubernetesManifests() {
    }

    /** Every document of a (multi-document) YAML text, typed; {@code source} names it in errors. */
    static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> resources = new ArrayList<>();
        int index = 0;
        for (JsonNode doc : documents(yaml, source)) {
            String where = source + " document " + index++;
            String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(key);
            if (type == null) {
                throw new AssertionError(where + ": unknown apiVersion/kind " + key + " (known: " + KINDS.keySet() + ")");
            }
            HasMetadata resource;
            try {
                resource = YAML.treeToValue(doc, type);
            } catch (IOException e) {
                throw new AssertionError(where + " (" + key + "): " + e.getMessage(), e);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(resource, key, unknown, new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                throw new AssertionError(where + " " + resource.getMetadata().getName() + ": fields the "
                        + key + " schema does not have: " + unknown);
            }
            JsonNode roundTrip = YAML.valueToTree(resource);
            if (!roundTrip.equals(SAME_VALUE, doc)) {
                throw new AssertionError(where + ": the typed model lost or changed something.\n in:  " + doc + "\n out: " + roundTrip);
            }
            resources.add(resource);
        }
        return resources;
    }

    /** The non-empty documents of a YAML stream, as trees (comments and empty documents dropped). */
    static List<JsonNode> documents(String yaml, String source) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    if (!(doc instanceof ObjectNode)) {
                        throw new AssertionError(source + ": a document is not a mapping: " + doc);
                    }
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + source, e);
        }
        return docs;
    }

    /** Walks fabric8 model objects through their getters, reporting every non-empty additionalProperties map. */
    private static void unknownFields(Object node, String path, List<String> into, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                unknownFields(item, path + "[" + i++ + "]", into, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, into, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> into.add(path + "." + k));
                }
            } else if (!SCALAR_GETTERS.contains(getter.getName())) {
                unknownFields(value, path + "." + property(getter.getName()), into, seen);
            }
        }
    }

    /** Getters of fabric8 value types that compute something rather than expose a field. */
    private static final Set<String> SCALAR_GETTERS = Set.of("getClass", "getNumericalAmount", "getPlural",
            "getSingular", "getFullResourceName", "getApiVersion", "getKind");

    private static String property(String getter) {
        String name = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
