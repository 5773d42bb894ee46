package io.databroker.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

import io.databroker.ops.security.UsersFile;

class OpsCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void hashPasswordPrintsAUsersFileLineTheServiceAccepts() throws Exception {
        int status = cli("s3cret-pw\n").run(List.of("hash-password", "--user", "ada", "--role", "admin"));

        assertThat(status).isZero();
        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).startsWith("ada:{bcrypt}$2a$12$").endsWith(":admin").doesNotContain("s3cret-pw");
        String hash = line.substring(line.indexOf("{bcrypt}") + 8, line.lastIndexOf(':'));
        assertThat(BCrypt.checkpw("s3cret-pw", hash)).isTrue();
        assertThat(UsersFile.read(Files.writeString(dir.resolve("users"), line + "\n"))).hasSize(1);
    }

    @Test
    void refusesSecretsOnTheCommandLine() {
        int status = cli("").run(List.of("--service", "hot-writer", "--password", "hunter2", "verify"));

        assertThat(status).isEqualTo(OpsCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not taken on the command line").doesNotContain("hunter2");
    }

    @Test
    void buildsTheContractsRequestBodies() {
        assertThat(OpsCli.body("backfill", new Args(List.of("--from", "2026-01-01", "--until", "2026-01-31"))))
                .isEqualTo("{\"from\":\"2026-01-01\",\"until\":\"2026-01-31\"}");
        assertThat(OpsCli.body("backfill", new Args(List.of("--from-hour", "2026-01-01T00", "--to-hour", "2026-01-01T23"))))
                .isEqualTo("{\"fromHour\":\"2026-01-01T00\",\"toHour\":\"2026-01-01T23\"}");
        assertThat(OpsCli.body("backfill", new Args(List.of("--feed", "https://a.example/rss", "--feed", "https://b.example/\"x\""))))
                .isEqualTo("{\"feeds\":[\"https://a.example/rss\",\"https://b.example/\\\"x\\\"\"]}");
        assertThat(OpsCli.body("backfill", new Args(List.of()))).isEqualTo("{\"feeds\":[]}");
        assertThat(OpsCli.body("replay", new Args(List.of("--source", "news", "--from-offsets", "0=12,1=40",
                "--to-timestamp", "2026-01-02T00:00:00Z"))))
                .isEqualTo("{\"source\":\"news\",\"from\":{\"offsets\":{\"0\":12,\"1\":40}},\"to\":{\"timestamp\":\"2026-01-02T00:00:00Z\"}}");
        assertThat(OpsCli.body("rehydrate", new Args(List.of("--days", "3", "--sources", "news,github"))))
                .isEqualTo("{\"days\":3,\"sources\":[\"news\",\"github\"]}");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(cli("").run(List.of())).isEqualTo(OpsCli.USAGE);
        assertThat(cli("").run(List.of("--service", "nope", "verify"))).isEqualTo(OpsCli.USAGE);
        assertThat(cli("").run(List.of("--service", "hot-writer", "rehydrate", "start"))).isEqualTo(OpsCli.USAGE);
        assertThat(cli("").run(List.of("--service", "enrich-service", "replay", "start", "--source", "news"))).isEqualTo(OpsCli.USAGE);
    }

    @Test
    void credentialsComeFromFilesAndNeverPrintTheSecret() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "pw-from-file\n");
        Credentials basic = Credentials.resolve(Map.of("DATABROKER_OPS_USER", "otto",
                "DATABROKER_OPS_PASSWORD_FILE", password.toString()), null);
        assertThat(basic.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("otto:pw-from-file".getBytes(StandardCharsets.UTF_8)));
        assertThat(basic.toString()).doesNotContain("pw-from-file").doesNotContain(basic.authorization().substring(6));

        Path token = Files.writeString(dir.resolve("token"), "eyJ.token\n");
        assertThat(Credentials.resolve(Map.of("DATABROKER_OPS_TOKEN_FILE", token.toString()), null).authorization())
                .isEqualTo("Bearer eyJ.token");
        Path both = Files.writeString(dir.resolve("creds"), "vera:pw:with:colons\n");
        assertThat(Credentials.resolve(Map.of(), both.toString()).authorization()).isEqualTo("Basic " + java.util.Base64
                .getEncoder().encodeToString("vera:pw:with:colons".getBytes(StandardCharsets.UTF_8)));
    }

    private OpsCli cli(String stdin) {
        return new OpsCli(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    }
}
