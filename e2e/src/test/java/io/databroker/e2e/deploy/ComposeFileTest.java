package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * compose.yaml: valid for Compose (docker-compose config), and the properties the issue asks for that a schema
 * cannot see: health checks, pinned images, files that exist, settings with defaults that .env.example documents.
 */
class ComposeFileTest {

    private static final Path ROOT = Repository.root();
    private static final ComposeFile COMPOSE = ComposeFile.load(ROOT);
    private static final List<String> BROKER_SERVICES = List.of("ingest-arxiv", "ingest-github", "ingest-news",
            "ingest-dns", "enrich-service", "hot-writer", "cold-writer");
    private static final Pattern APPLICATION_PORT = Pattern.compile("port:\\s*\\$\\{SERVER_PORT:(\\d+)}");
    private static final Pattern ENV_LINE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");

    @Test
    void dockerComposeValidatesTheFileAndEnvExampleChangesNothing() throws IOException {
        ExternalTool compose = ExternalTool.require("docker-compose", "docker-compose");
        Path noEnv = Files.createDirectories(Path.of("target").toAbsolutePath()).resolve("empty.env");
        Files.writeString(noEnv, "");

        ExternalTool.Result quiet = compose.runIsolated(ROOT, Map.of(),
                List.of("--env-file", noEnv.toString(), "-f", "compose.yaml", "config", "-q"));
        assertThat(quiet.exitCode()).as(quiet.output()).isZero();
        assertThat(quiet.output()).as("warnings (e.g. a variable without a default)").isBlank();

        ExternalTool.Result defaults = compose.runIsolated(ROOT, Map.of(),
                List.of("--env-file", noEnv.toString(), "-f", "compose.yaml", "config"));
        ExternalTool.Result example = compose.runIsolated(ROOT, Map.of(),
                List.of("--env-file", ".env.example", "-f", "compose.yaml", "config"));
        assertThat(example.exitCode()).as(example.output()).isZero();
        assertThat(example.output()).as("compose with .env.example = compose with the inline defaults")
                .isEqualTo(defaults.output());

        ExternalTool.Result sql = compose.runIsolated(ROOT, Map.of(),
                List.of("--env-file", noEnv.toString(), "-f", "compose.yaml", "--profile", "sql", "config", "--services"));
        assertThat(sql.output().lines()).as("services with the sql profile").contains("spark-sql", "cold-writer");
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        Set<String> oneShots = oneShotServices();
        assertThat(oneShots).as("one-shot services (health = exit status)").containsExactly("topic-init");

        List<String> missing = new ArrayList<>();
        COMPOSE.services().forEach((name, service) -> {
            if (oneShots.contains(name)) {
                return;
            }
            if (!(service.get("healthcheck") instanceof Map<?, ?> check) || Boolean.TRUE.equals(check.get("disable"))
                    || !(check.get("test") instanceof List<?> test) || test.isEmpty() || "NONE".equals(test.get(0))) {
                missing.add(name);
            }
        });
        assertThat(missing).as("services without a health check").isEmpty();
    }

    @Test
    void dependenciesWaitForHealthOrSuccessfulCompletion() {
        Set<String> oneShots = oneShotServices();
        List<String> problems = new ArrayList<>();
        COMPOSE.services().forEach((name, service) -> ComposeFile.dependsOn(service).forEach((dependency, condition) -> {
            String expected = oneShots.contains(dependency) ? "service_completed_successfully" : "service_healthy";
            if (!condition.equals(expected)) {
                problems.add(name + " → " + dependency + ": " + condition + ", expected " + expected);
            }
        }));
        assertThat(problems).isEmpty();

        for (String service : BROKER_SERVICES) {
            assertThat(ComposeFile.dependsOn(COMPOSE.service(service))).as(service + " depends_on")
                    .containsEntry("kafka", "service_healthy")
                    .containsEntry("topic-init", "service_completed_successfully");
        }
        assertThat(ComposeFile.dependsOn(COMPOSE.service("hot-writer"))).containsEntry("elasticsearch", "service_healthy");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        List<String> problems = new ArrayList<>();
        COMPOSE.services().forEach((name, service) -> {
            Object image = service.get("image");
            if (image == null) {
                problems.add(name + ": no image (name the built image and its tag)");
                return;
            }
            String problem = Images.pinProblem(ComposeFile.withDefaults(String.valueOf(image)));
            if (problem != null) {
                problems.add(name + ": " + problem);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(ComposeFile.withDefaults((String) COMPOSE.service("elasticsearch").get("image")))
                .startsWith("docker.elastic.co/elasticsearch/elasticsearch:8.19.");
        assertThat(ComposeFile.withDefaults((String) COMPOSE.service("kibana").get("image")))
                .isEqualTo(ComposeFile.withDefaults((String) COMPOSE.service("elasticsearch").get("image"))
                        .replace("elasticsearch/elasticsearch", "kibana/kibana"));
    }

    @Test
    void everyReferencedFileExists() {
        List<String> missing = new ArrayList<>();
        COMPOSE.services().forEach((name, service) -> {
            for (String source : bindMountSources(service)) {
                if (!Files.exists(ROOT.resolve(source))) {
                    missing.add(name + ": bind mount " + source);
                }
            }
            if (service.get("build") instanceof Map<?, ?> build) {
                Path context = ROOT.resolve(String.valueOf(build.get("context")));
                Path dockerfile = context.resolve(String.valueOf(build.get("dockerfile") == null ? "Dockerfile" : build.get("dockerfile")));
                if (!Files.isDirectory(context) || !Files.isRegularFile(dockerfile)) {
                    missing.add(name + ": build " + context + " / " + dockerfile);
                }
            } else if (service.get("build") != null) {
                missing.add(name + ": build must name context and dockerfile");
            }
            Object envFile = service.get("env_file");
            for (Object file : envFile instanceof List<?> l ? l : envFile == null ? List.of() : List.of(envFile)) {
                if (!Files.isRegularFile(ROOT.resolve(String.valueOf(file)))) {
                    missing.add(name + ": env_file " + file);
                }
            }
        });
        for (String section : List.of("configs", "secrets")) {
            if (COMPOSE.document().get(section) instanceof Map<?, ?> entries) {
                entries.forEach((key, spec) -> {
                    if (spec instanceof Map<?, ?> s && s.get("file") != null && !Files.exists(ROOT.resolve(String.valueOf(s.get("file"))))) {
                        missing.add(section + "." + key + ": " + s.get("file"));
                    }
                });
            }
        }
        assertThat(missing).isEmpty();
        assertThat(bindMountSources(COMPOSE.service("prometheus"))).as("prometheus mounts").contains("./deploy/prometheus");
    }

    @Test
    void namedVolumesAreDeclaredAndUsed() {
        Set<String> declared = new TreeSet<>(((Map<String, ?>) COMPOSE.document().get("volumes")).keySet());
        Set<String> used = new TreeSet<>();
        COMPOSE.services().values().forEach(service -> volumes(service).stream()
                .map(v -> v.split(":")[0])
                .filter(source -> !source.startsWith(".") && !source.startsWith("/"))
                .forEach(used::add));
        assertThat(used).isEqualTo(declared);
    }

    @Test
    void everySettingHasADefaultThatEnvExampleDocuments() {
        Map<String, String> defaults = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (ComposeFile.Variable v : COMPOSE.variables()) {
            if (!v.operator().equals(":-")) {
                problems.add("${" + v.name() + "} has no default: write ${" + v.name() + ":-<default>}");
            } else if (defaults.containsKey(v.name()) && !defaults.get(v.name()).equals(v.value())) {
                problems.add(v.name() + " has two defaults: '" + defaults.get(v.name()) + "' and '" + v.value() + "'");
            } else {
                defaults.put(v.name(), v.value());
            }
        }
        Map<String, String> example = envExample();

        Map<String, String> undocumented = new TreeMap<>(defaults);
        undocumented.keySet().removeAll(example.keySet());
        Map<String, String> unused = new TreeMap<>(example);
        unused.keySet().removeAll(defaults.keySet());
        defaults.forEach((name, value) -> {
            if (example.containsKey(name) && !example.get(name).equals(value)) {
                problems.add(name + ": compose.yaml default '" + value + "' but .env.example says '" + example.get(name) + "'");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(undocumented).as("compose variables missing from .env.example").isEmpty();
        assertThat(unused).as(".env.example lines compose.yaml never uses").isEmpty();
    }

    @Test
    void theSevenServicesAreBuiltFromTheOneDockerfileOnTheirOwnPorts() throws IOException {
        assertThat(COMPOSE.brokerServicePorts().keySet()).containsExactlyInAnyOrderElementsOf(BROKER_SERVICES);
        for (String name : BROKER_SERVICES) {
            Map<String, Object> service = COMPOSE.service(name);
            Map<?, ?> build = (Map<?, ?>) service.get("build");
            Map<?, ?> args = (Map<?, ?>) build.get("args");
            Matcher port = APPLICATION_PORT.matcher(Files.readString(ROOT.resolve(name + "/src/main/resources/application.yaml")));
            assertThat(port.find()).as(name + " application.yaml declares server.port: ${SERVER_PORT:<port>}").isTrue();

            assertThat(build.get("dockerfile")).as(name + " dockerfile").isEqualTo("Dockerfile");
            assertThat(args.get("SERVICE")).as(name + " SERVICE build arg").isEqualTo(name);
            assertThat(args.get("SERVER_PORT")).as(name + " SERVER_PORT build arg = application.yaml default")
                    .isEqualTo(port.group(1));
            Map<String, Object> env = ComposeFile.environment(service);
            assertThat(String.valueOf(env.get("SERVER_PORT"))).as(name + " SERVER_PORT").isEqualTo(port.group(1));
            assertThat(env).as(name + " environment").containsKeys("KAFKA_BOOTSTRAP_SERVERS", "BROKER_TOPICS_CREATE", "JDK_JAVA_OPTIONS");
            assertThat(String.valueOf(service.get("image"))).as(name + " image").startsWith("data-broker/" + name + ":");
        }
    }

    @Test
    void publishedPortsBindToTheConfiguredAddressOnly() {
        List<String> open = new ArrayList<>();
        COMPOSE.services().forEach((name, service) -> {
            if (service.get("ports") instanceof List<?> ports) {
                ports.stream().map(String::valueOf).filter(p -> !p.startsWith("${BIND_ADDRESS:-127.0.0.1}:"))
                        .forEach(p -> open.add(name + ": " + p));
            }
        });
        assertThat(open).as("ports published on every interface").isEmpty();
    }

    @Test
    void theColdStoreVolumeIsWhereColdWriterWritesAndSparkReadsIt() {
        String mount = volumes(COMPOSE.service("cold-writer")).stream().filter(v -> v.startsWith("cold-store:"))
                .findFirst().orElseThrow().split(":")[1];
        assertThat(ComposeFile.withDefaults(String.valueOf(ComposeFile.environment(COMPOSE.service("cold-writer")).get("BROKER_COLD_BASE_URI"))))
                .isEqualTo("file:" + mount);
        assertThat(volumes(COMPOSE.service("spark-sql"))).contains("cold-store:" + mount + ":ro");
        assertThat(COMPOSE.service("spark-sql").get("profiles")).isEqualTo(List.of("sql"));
    }

    /** Services that run once (restart "no") and that others wait for with service_completed_successfully. */
    private static Set<String> oneShotServices() {
        Set<String> awaited = new TreeSet<>();
        COMPOSE.services().values().forEach(s -> ComposeFile.dependsOn(s).forEach((dep, condition) -> {
            if (condition.equals("service_completed_successfully")) {
                awaited.add(dep);
            }
        }));
        awaited.removeIf(name -> !"no".equals(String.valueOf(COMPOSE.service(name).get("restart"))));
        return awaited;
    }

    private static List<String> volumes(Map<String, Object> service) {
        List<String> volumes = new ArrayList<>();
        if (service.get("volumes") instanceof List<?> list) {
            for (Object v : list) {
                if (v instanceof Map<?, ?> longSyntax) {
                    volumes.add(longSyntax.get("source") + ":" + longSyntax.get("target"));
                } else {
                    volumes.add(String.valueOf(v));
                }
            }
        }
        return volumes;
    }

    private static List<String> bindMountSources(Map<String, Object> service) {
        return volumes(service).stream().map(v -> v.split(":")[0])
                .filter(source -> source.startsWith(".") || source.startsWith("/")).toList();
    }

    /** NAME → value of .env.example (comments and blank lines skipped; surrounding quotes removed). */
    static Map<String, String> envExample() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Repository.read(ROOT.resolve(".env.example")).split("\n")) {
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            Matcher m = ENV_LINE.matcher(content);
            assertThat(m.matches()).as(".env.example line: " + line).isTrue();
            String value = m.group(2).replaceAll("^([\"'])(.*)\\1$", "$2");
            assertThat(values.put(m.group(1), value)).as(m.group(1) + " appears twice in .env.example").isNull();
        }
        return values;
    }
}
