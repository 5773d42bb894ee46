package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.Topics;

/**
 * The topic-init script (compose service and Kubernetes Job) creates exactly the topics of ARCHITECTURE §3 as the
 * services define them, idempotently. kafka-topics.sh is replaced by a stub that records its arguments.
 */
class TopicInitScriptTest {

    private static final Path ROOT = Repository.root();
    private static final Path SCRIPT = ROOT.resolve("deploy/k8s/base/topic-init/create-topics.sh");
    private static final Pattern CREATE = Pattern.compile(
            "--bootstrap-server (\\S+) --create --if-not-exists --topic (\\S+) --partitions (\\d+) --replication-factor (\\d+)((?: --config \\S+)*)");

    @Test
    void createsEveryTopicOfTopicsWithItsPartitionsAndConfigs() throws IOException {
        List<String> calls = runWithStub(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "TOPIC_REPLICATION_FACTOR", "3"));

        Map<String, Topic> created = new TreeMap<>();
        for (String call : calls) {
            Matcher m = CREATE.matcher(call);
            assertThat(m.matches()).as("kafka-topics.sh call: " + call).isTrue();
            assertThat(m.group(1)).isEqualTo("kafka:9092");
            assertThat(m.group(4)).as("replication factor from TOPIC_REPLICATION_FACTOR").isEqualTo("3");
            Map<String, String> configs = new TreeMap<>();
            for (String config : m.group(5).replace("--config", "").trim().split("\\s+")) {
                if (!config.isEmpty()) {
                    String[] kv = config.split("=", 2);
                    configs.put(kv[0], kv[1]);
                }
            }
            created.put(m.group(2), new Topic(m.group(2), Integer.parseInt(m.group(3)), configs));
        }
        Map<String, Topic> expected = new TreeMap<>();
        Topics.ALL.forEach(t -> expected.put(t.name(), t));
        assertThat(created).isEqualTo(expected);
    }

    @Test
    void refusesToRunWithoutBootstrapServers() throws IOException {
        Path stubDir = Files.createDirectories(Path.of("target/topic-init-stub").toAbsolutePath());
        ExternalTool.Result result = ExternalTool.require("bash", "bash")
                .runIsolated(ROOT, Map.of("KAFKA_TOPICS_CMD", stub(stubDir).toString()), List.of(SCRIPT.toString()));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void stopsAtTheFirstFailedCreation() throws IOException {
        Path stubDir = Files.createDirectories(Path.of("target/topic-init-stub").toAbsolutePath());
        Path failing = stubDir.resolve("failing-kafka-topics.sh");
        Files.writeString(failing, "#!/usr/bin/env bash\necho \"$*\" >> \"" + stubDir.resolve("failing-calls.txt") + "\"\nexit 1\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.deleteIfExists(stubDir.resolve("failing-calls.txt"));

        ExternalTool.Result result = ExternalTool.require("bash", "bash").runIsolated(ROOT,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "KAFKA_TOPICS_CMD", failing.toString()), List.of(SCRIPT.toString()));

        assertThat(result.exitCode()).as("a failed topic creation fails the init step, so services never start").isNotZero();
        assertThat(Files.readAllLines(stubDir.resolve("failing-calls.txt"))).hasSize(1);
    }

    private static List<String> runWithStub(Map<String, String> env) throws IOException {
        Path stubDir = Files.createDirectories(Path.of("target/topic-init-stub").toAbsolutePath());
        Path stub = stub(stubDir);
        Files.deleteIfExists(stubDir.resolve("calls.txt"));
        Map<String, String> withStub = new TreeMap<>(env);
        withStub.put("KAFKA_TOPICS_CMD", stub.toString());

        ExternalTool.Result result = ExternalTool.require("bash", "bash").runIsolated(ROOT, withStub, List.of(SCRIPT.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        return Files.readAllLines(stubDir.resolve("calls.txt"));
    }

    /** A kafka-topics.sh stand-in appending its arguments, one call per line, to calls.txt beside it. */
    private static Path stub(Path dir) throws IOException {
        Path stub = dir.resolve("kafka-topics.sh");
        Files.writeString(stub, "#!/usr/bin/env bash\necho \"$*\" >> \"" + dir.resolve("calls.txt") + "\"\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        return stub;
    }
}
