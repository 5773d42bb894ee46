package io.databroker.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.ops.contract.ContractApplication;
import io.databroker.ops.testing.OpsTestCredentials;

/** The CLI against a real server with the contract's paths: exit statuses for success, refusal, conflict, drift. */
@SpringBootTest(classes = ContractApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsCliIT {

    private static final Path DIR = tempDir();
    private static final OpsTestCredentials credentials = OpsTestCredentials.create(DIR);

    @DynamicPropertySource
    static void opsCredentials(DynamicPropertyRegistry registry) {
        credentials.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void exitStatusSaysWhatHappened() throws IOException {
        assertThat(run("viewer", "verify", "--sources", "news,github", "--days", "10")).isZero();
        assertThat(run("viewer", "verify", "--sources", "drifted")).as("stores disagree").isEqualTo(OpsCli.DISAGREE);
        assertThat(run("viewer", "rehydrate", "start", "--days", "3")).as("403").isEqualTo(OpsCli.FAILED);
        assertThat(run("operator", "replay", "start", "--source", "news", "--from-timestamp", "2026-01-01T00:00:00Z")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"state\":\"running\"", "\"source\":\"news\"");
        assertThat(run("admin", "replay", "start", "--source", "news", "--from-offsets", "0=1")).as("409").isEqualTo(OpsCli.FAILED);
        assertThat(run("operator", "replay", "stop")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"state\":\"stopped\"");
        assertThat(run(null, "config")).as("no credentials: 401").isEqualTo(OpsCli.FAILED);
    }

    private int run(String role, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of("--url", "http://127.0.0.1:" + port));
        if (role != null) {
            OpsTestCredentials.TestUser user = credentials.user(role);
            Path file = Files.writeString(DIR.resolve("cli-" + role), user.name() + ":" + user.password() + "\n");
            args.addAll(List.of("--credentials", file.toString()));
        }
        args.addAll(List.of(command));
        return new OpsCli(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                new ByteArrayInputStream(new byte[0])).run(args);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ops-cli-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
