package io.databroker.ops.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.databroker.ops.cli.OpsCli;
import io.databroker.testsupport.Await;

/**
 * The {@code databroker-ops} CLI run in process against a real service, as a user of the test users file (their
 * password in a credentials file, as an operator would keep it).
 *
 * @param status the CLI's exit status
 * @param out    what it printed on stdout (the service's JSON)
 */
public record OpsCliRun(int status, String out) {

    public static OpsCliRun as(String role, String baseUrl, OpsTestCredentials credentials, String... command) {
        try {
            OpsTestCredentials.TestUser user = credentials.user(role);
            Path file = Files.createTempFile("ops-cli-" + role, ".credentials");
            Files.writeString(file, user.name() + ":" + user.password() + "\n");
            List<String> args = new ArrayList<>(List.of("--url", baseUrl, "--credentials", file.toString()));
            args.addAll(List.of(command));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = new OpsCli(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                    new ByteArrayInputStream(new byte[0])).run(args);
            Files.delete(file);
            return new OpsCliRun(status, out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until no job of {@code kind} runs (none ever ran counts as idle). */
    public static void awaitIdle(String kind, String baseUrl, OpsTestCredentials credentials, Duration timeout) {
        Await.until(timeout, kind + " job idle", () -> {
            OpsCliRun status = as("viewer", baseUrl, credentials, kind, "status");
            return !status.out().contains("\"state\":\"running\"");
        });
    }
}
