package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * deploy/k8s: every manifest parsed strictly into fabric8's model, then the production properties the issue asks for:
 * probes on the management port, requests and limits, non-root read-only containers, a PDB per service and an HPA per
 * stateless one, Secrets for credentials, NetworkPolicies, a ServiceMonitor; kustomizations that reference only what
 * exists. With kubectl on PATH, `kubectl kustomize` builds both and its output is checked the same way.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Repository.root();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Path BASE = K8S.resolve("base");
    private static final Path PRODUCTION = K8S.resolve("overlays/production");
    private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "namespace", "resources",
            "images", "patches", "configMapGenerator", "secretGenerator", "labels", "components", "namePrefix", "nameSuffix",
            "replicas", "generatorOptions");

    @Test
    void everyManifestParsesStrictly() {
        List<Path> manifests = manifestFiles();
        assertThat(manifests).hasSizeGreaterThan(10);
        for (Path file : manifests) {
            assertThat(KubernetesManifests.parse(Repository.read(file), ROOT.relativize(file).toString())).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void strictParsingRejectsUnknownFields() {
        String misplaced = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x:1
                          envFrom:
                            - optional: false
                              secretRef: {name: s}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesManifests.parse(misplaced, "test"))
                .hasMessageContaining("envFrom[0].optional");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesManifests.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "test"))
                .hasMessageContaining("unknown apiVersion/kind v1/Pod");
    }

    @Test
    void theBaseHasTheSevenServicesWithProbesLimitsAndHardenedContainers() {
        List<HasMetadata> base = baseResources();
        Map<String, String> composePorts = ComposeFile.load(ROOT).brokerServicePorts();
        List<Deployment> deployments = ofKind(base, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(composePorts.keySet());

        List<String> problems = new ArrayList<>();
        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            problems.addAll(podProblems(name, pod));
            for (Container c : pod.getContainers()) {
                ContainerPort management = c.getPorts() == null ? null : c.getPorts().stream()
                        .filter(p -> "management".equals(p.getName())).findFirst().orElse(null);
                if (management == null) {
                    problems.add(name + ": no container port named management");
                    continue;
                }
                if (!String.valueOf(management.getContainerPort()).equals(composePorts.get(name))
                        || !String.valueOf(management.getContainerPort()).equals(env(c, "SERVER_PORT"))) {
                    problems.add(name + ": management port " + management.getContainerPort() + ", SERVER_PORT "
                            + env(c, "SERVER_PORT") + ", compose " + composePorts.get(name));
                }
                problems.addAll(probeProblems(name + " liveness", c.getLivenessProbe(), "/actuator/health/liveness"));
                problems.addAll(probeProblems(name + " readiness", c.getReadinessProbe(), "/actuator/health/readiness"));
                if (c.getStartupProbe() != null) {
                    problems.addAll(probeProblems(name + " startup", c.getStartupProbe(), "/actuator/health/liveness"));
                }
            }
        }
        for (Job job : ofKind(base, Job.class)) {
            problems.addAll(podProblems(job.getMetadata().getName(), job.getSpec().getTemplate().getSpec()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceHasAPdbAndEveryStatelessOneAnHpa() {
        List<HasMetadata> base = baseResources();
        List<String> problems = new ArrayList<>();
        for (Deployment d : ofKind(base, Deployment.class)) {
            String name = d.getMetadata().getName();
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            boolean pdb = ofKind(base, PodDisruptionBudget.class).stream()
                    .anyMatch(p -> podLabels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()));
            if (!pdb) {
                problems.add(name + ": no PodDisruptionBudget selects its pods");
            }
            HorizontalPodAutoscaler hpa = ofKind(base, HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getKind().equals("Deployment")
                            && h.getSpec().getScaleTargetRef().getName().equals(name))
                    .findFirst().orElse(null);
            String scaling = d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get("data-broker.io/scaling");
            if ("singleton".equals(scaling)) {
                if (hpa != null || !Objects.equals(d.getSpec().getReplicas(), 1) || !"Recreate".equals(d.getSpec().getStrategy().getType())) {
                    problems.add(name + ": a singleton runs 1 replica with the Recreate strategy and no HPA");
                }
            } else if ("horizontal".equals(scaling)) {
                if (hpa == null || hpa.getSpec().getMinReplicas() < 2 || hpa.getSpec().getMaxReplicas() <= hpa.getSpec().getMinReplicas()) {
                    problems.add(name + ": needs an HPA with minReplicas >= 2 < maxReplicas");
                }
                if (d.getSpec().getReplicas() != null) {
                    problems.add(name + ": spec.replicas must be unset under an HPA (apply would reset it)");
                }
            } else {
                problems.add(name + ": annotation data-broker.io/scaling must be singleton or horizontal, was " + scaling);
            }
            boolean service = ofKind(base, Service.class).stream().anyMatch(s -> podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet())
                    && s.getSpec().getPorts().stream().anyMatch(p -> "management".equals(p.getName())));
            if (!service) {
                problems.add(name + ": no Service exposes its management port");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ofKind(base, Deployment.class)).filteredOn(d -> "horizontal".equals(d.getMetadata().getAnnotations().get("data-broker.io/scaling")))
                .extracting(d -> d.getMetadata().getName())
                .contains("enrich-service", "hot-writer", "cold-writer");
    }

    @Test
    void prometheusScrapesEveryServiceAndPoliciesDenyByDefault() {
        List<HasMetadata> base = baseResources();
        ServiceMonitor monitor = ofKind(base, ServiceMonitor.class).get(0);
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
        for (Service service : ofKind(base, Service.class)) {
            assertThat(service.getMetadata().getLabels()).as(service.getMetadata().getName() + " labels")
                    .containsAllEntriesOf(selector).containsKey(monitor.getSpec().getJobLabel());
        }
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("management");
            assertThat(e.getPath()).isEqualTo("/actuator/prometheus");
        });

        List<NetworkPolicy> policies = ofKind(base, NetworkPolicy.class);
        assertThat(policies).as("a default deny for ingress and egress of every Data Broker pod").anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).containsAllEntriesOf(selector);
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            assertThat(p.getSpec().getEgress()).isNullOrEmpty();
        });
        assertThat(policies).as("Prometheus may scrape the management port").anySatisfy(p ->
                assertThat(p.getSpec().getIngress()).anySatisfy(rule -> assertThat(rule.getPorts())
                        .anySatisfy(port -> assertThat(port.getPort().getStrVal()).isEqualTo("management"))));
    }

    @Test
    void credentialsComeFromSecretsTheExampleDefines() {
        Set<String> defined = new TreeSet<>();
        for (HasMetadata r : KubernetesManifests.parse(Repository.read(K8S.resolve("secrets.example.yaml")), "secrets.example.yaml")) {
            assertThat(r).isInstanceOf(Secret.class);
            defined.add(r.getMetadata().getName());
        }
        Set<String> referenced = new TreeSet<>();
        List<PodSpec> pods = new ArrayList<>();
        ofKind(baseResources(), Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        for (HasMetadata r : productionPatches()) {
            if (r instanceof Job job) {
                pods.add(job.getSpec().getTemplate().getSpec());
            }
        }
        for (PodSpec pod : pods) {
            for (Container c : pod.getContainers()) {
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getSecretRef() != null) {
                        referenced.add(from.getSecretRef().getName());
                    }
                }
            }
            if (pod.getVolumes() != null) {
                pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> referenced.add(v.getSecret().getSecretName()));
            }
        }
        assertThat(referenced).contains("data-broker-kafka", "data-broker-elasticsearch");
        assertThat(defined).containsAll(referenced);
        assertThat(Repository.read(BASE.resolve("configmap.yaml"))).as("no credentials in the ConfigMap")
                .doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("api_key").doesNotContainIgnoringCase("token");
    }

    @Test
    void kustomizationsReferenceOnlyWhatExists() {
        List<String> problems = new ArrayList<>();
        Set<String> baseObjects = new TreeSet<>();
        baseResources().forEach(r -> baseObjects.add(r.getKind() + "/" + r.getMetadata().getName()));
        Set<String> baseImages = new TreeSet<>();
        ofKind(baseResources(), Deployment.class).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers()
                .forEach(c -> baseImages.add(c.getImage().replaceAll(":[^:/]*$", ""))));

        for (Path dir : List.of(BASE, PRODUCTION)) {
            Map<?, ?> kustomization = (Map<?, ?>) ReferencedMetrics.loadYaml(dir.resolve("kustomization.yaml"));
            String where = ROOT.relativize(dir) + "/kustomization.yaml";
            kustomization.keySet().stream().filter(k -> !KUSTOMIZATION_KEYS.contains(k))
                    .forEach(k -> problems.add(where + ": unsupported key " + k));
            for (Object resource : list(kustomization.get("resources"))) {
                Path target = dir.resolve(String.valueOf(resource)).normalize();
                if (!(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))) {
                    problems.add(where + ": resource " + resource + " does not exist");
                }
            }
            for (Object generator : list(kustomization.get("configMapGenerator"))) {
                for (Object file : list(((Map<?, ?>) generator).get("files"))) {
                    if (!Files.isRegularFile(dir.resolve(String.valueOf(file)))) {
                        problems.add(where + ": configMapGenerator file " + file + " does not exist");
                    }
                }
            }
            for (Object patch : list(kustomization.get("patches"))) {
                Map<?, ?> p = (Map<?, ?>) patch;
                Path file = dir.resolve(String.valueOf(p.get("path")));
                if (!Files.isRegularFile(file)) {
                    problems.add(where + ": patch " + p.get("path") + " does not exist");
                    continue;
                }
                Object parsed = ReferencedMetrics.loadYaml(file);
                Map<?, ?> target = (Map<?, ?>) p.get("target");
                if (parsed instanceof List<?> ops) {
                    ops.forEach(op -> {
                        if (!(op instanceof Map<?, ?> o) || o.get("op") == null || o.get("path") == null) {
                            problems.add(p.get("path") + ": a JSON 6902 operation needs op and path: " + op);
                        }
                    });
                    if (target == null) {
                        problems.add(p.get("path") + ": a JSON 6902 patch needs a target");
                    }
                } else if (parsed instanceof Map<?, ?> doc && target == null) {
                    String object = doc.get("kind") + "/" + ((Map<?, ?>) doc.get("metadata")).get("name");
                    if (!baseObjects.contains(object)) {
                        problems.add(p.get("path") + ": patches " + object + ", which the base does not have");
                    }
                }
                if (target != null && target.get("name") != null && !baseObjects.contains(target.get("kind") + "/" + target.get("name"))) {
                    problems.add(where + ": patch target " + target + " matches nothing in the base");
                }
            }
            for (Object image : list(kustomization.get("images"))) {
                if (!baseImages.contains(String.valueOf(((Map<?, ?>) image).get("name")))) {
                    problems.add(where + ": image " + ((Map<?, ?>) image).get("name") + " is not used by the base");
                }
                String tag = String.valueOf(((Map<?, ?>) image).get("newTag"));
                if (Images.pinProblem("x:" + tag) != null) {
                    problems.add(where + ": image tag " + tag + " is not a version");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void kubectlKustomizeBuildsTheProductionOverlay() {
        ExternalTool kubectl = ExternalTool.find("kubectl").orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not on PATH: the kustomize build is checked where it is");

        ExternalTool.Result built = kubectl.run(ROOT, List.of("kustomize", ROOT.relativize(PRODUCTION).toString()));
        assertThat(built.exitCode()).as(built.output()).isZero();
        List<HasMetadata> resources = KubernetesManifests.parse(built.output(), "kubectl kustomize overlays/production");

        List<String> problems = new ArrayList<>();
        for (HasMetadata r : resources) {
            if (!r.getKind().equals("Namespace") && !"data-broker".equals(r.getMetadata().getNamespace())) {
                problems.add(r.getKind() + "/" + r.getMetadata().getName() + ": namespace " + r.getMetadata().getNamespace());
            }
        }
        for (Deployment d : ofKind(resources, Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (!c.getImage().matches("registry\\.example\\.com/data-broker/" + d.getMetadata().getName() + ":\\d[\\w.-]*")) {
                problems.add(d.getMetadata().getName() + ": image " + c.getImage());
            }
            boolean kafkaSecretRequired = c.getEnvFrom().stream().anyMatch(f -> f.getSecretRef() != null
                    && f.getSecretRef().getName().equals("data-broker-kafka") && Boolean.FALSE.equals(f.getSecretRef().getOptional()));
            if (!kafkaSecretRequired) {
                problems.add(d.getMetadata().getName() + ": the data-broker-kafka Secret is still optional");
            }
            problems.addAll(podProblems(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        }
        assertThat(problems).isEmpty();
        assertThat(ofKind(resources, Deployment.class)).hasSize(7);

        ExternalTool.Result base = kubectl.run(ROOT, List.of("kustomize", ROOT.relativize(BASE).toString()));
        assertThat(base.exitCode()).as(base.output()).isZero();
        assertThat(KubernetesManifests.parse(base.output(), "kubectl kustomize base")).hasSize(resources.size() - 1);
    }

    /** Security context, resources and pinned images of every container of a pod. */
    private static List<String> podProblems(String name, PodSpec pod) {
        List<String> problems = new ArrayList<>();
        if (pod.getSecurityContext() == null || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
                || pod.getSecurityContext().getRunAsUser() == null || pod.getSecurityContext().getRunAsUser() == 0) {
            problems.add(name + ": pod securityContext needs runAsNonRoot: true and a non-zero runAsUser");
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            problems.add(name + ": automountServiceAccountToken must be false (no service calls the API)");
        }
        for (Container c : pod.getContainers()) {
            String where = name + "/" + c.getName();
            String pin = Images.pinProblem(c.getImage());
            if (pin != null) {
                problems.add(where + ": " + pin);
            }
            var resources = c.getResources();
            if (resources == null || resources.getRequests() == null || resources.getLimits() == null
                    || !resources.getRequests().keySet().containsAll(Set.of("cpu", "memory"))
                    || !resources.getLimits().containsKey("memory")) {
                problems.add(where + ": needs cpu and memory requests and a memory limit");
            }
            var security = c.getSecurityContext();
            if (security == null || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
                    || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())
                    || security.getCapabilities() == null || !List.of("ALL").equals(security.getCapabilities().getDrop())) {
                problems.add(where + ": container securityContext needs allowPrivilegeEscalation false, "
                        + "readOnlyRootFilesystem true and capabilities.drop [ALL]");
            } else if (c.getVolumeMounts() == null || c.getVolumeMounts().stream().noneMatch(m -> m.getMountPath().equals("/tmp"))) {
                problems.add(where + ": a read-only root filesystem needs a writable /tmp (emptyDir)");
            }
        }
        return problems;
    }

    private static List<String> probeProblems(String where, Probe probe, String path) {
        if (probe == null || probe.getHttpGet() == null) {
            return List.of(where + ": no httpGet probe");
        }
        List<String> problems = new ArrayList<>();
        if (!path.equals(probe.getHttpGet().getPath())) {
            problems.add(where + ": path " + probe.getHttpGet().getPath() + ", expected " + path);
        }
        if (!"management".equals(probe.getHttpGet().getPort().getStrVal())) {
            problems.add(where + ": probe port must be the management port");
        }
        return problems;
    }

    private static String env(Container c, String name) {
        return c.getEnv() == null ? null : c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    private static List<Path> manifestFiles() {
        return Repository.files(K8S, ".yaml", ".yml").stream()
                .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                .filter(p -> !p.startsWith(PRODUCTION.resolve("patches")))
                .toList();
    }

    private static List<HasMetadata> baseResources() {
        List<HasMetadata> resources = new ArrayList<>();
        for (Object resource : list(((Map<?, ?>) ReferencedMetrics.loadYaml(BASE.resolve("kustomization.yaml"))).get("resources"))) {
            Path file = BASE.resolve(String.valueOf(resource));
            resources.addAll(KubernetesManifests.parse(Repository.read(file), ROOT.relativize(file).toString()));
        }
        return resources;
    }

    /** The production overlay's strategic-merge patches that are whole objects (JSON 6902 lists skipped). */
    private static List<HasMetadata> productionPatches() {
        List<HasMetadata> patches = new ArrayList<>();
        for (Path file : Repository.files(PRODUCTION.resolve("patches"), ".yaml")) {
            if (ReferencedMetrics.loadYaml(file) instanceof Map<?, ?>) {
                patches.addAll(KubernetesManifests.parse(Repository.read(file), ROOT.relativize(file).toString()));
            }
        }
        return patches;
    }

    private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
