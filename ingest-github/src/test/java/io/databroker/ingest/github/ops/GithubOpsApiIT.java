package io.databroker.ingest.github.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.ingest.github.GithubFixtures;
import io.databroker.ops.testing.AuthTable;
import io.databroker.ops.testing.OpsCliRun;
import io.databroker.ops.testing.OpsEndpoint;
import io.databroker.ops.testing.OpsTestCredentials;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.KafkaBroker;

/**
 * The Operations API of the real ingest-github (live mode on, no configured backfill; real broker, local GitHub and
 * GH Archive): every endpoint × {no credentials, wrong password, viewer, operator, admin}; an hour range backfilled
 * to its end through the CLI; the audit line; {@code /ops/config}; the GitHub token and the passwords never in the
 * output.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class GithubOpsApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final OpsTestCredentials credentials = OpsTestCredentials.create(tempDir());
    private static final FixtureHttpServer GITHUB = FixtureHttpServer.start()
            .respond("/events", Response.ok("application/json; charset=utf-8", GithubFixtures.eventsPage("public-events-2025-06.json")))
            .respond("/gharchive/2015-01-01-12.json.gz", Response.ok("application/gzip", GithubFixtures.archiveFile("2015-01-01-12.json")))
            .respond("/gharchive/2015-01-01-14.json.gz", Response.ok("application/gzip", GithubFixtures.archiveFile("2015-01-01-14.json")));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("broker.github.live.api-url", () -> GITHUB.url(""));
        registry.add("broker.github.live.token", () -> "gh-test-token-ops");
        registry.add("broker.github.live.poll-interval", () -> "1h");
        registry.add("broker.github.live.transactional-id", () -> "ingest-github-ops-api-it-events");
        registry.add("broker.github.backfill.transactional-id", () -> "ingest-github-ops-api-it-gharchive");
        registry.add("broker.github.backfill.archive-url", () -> GITHUB.url("/gharchive"));
        registry.add("broker.topics.replication-factor", () -> "1");
        credentials.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopGithub() {
        GITHUB.close();
    }

    @LocalServerPort
    int port;

    @Test
    void eachRoleCanMakeExactlyItsCalls(CapturedOutput output) throws IOException, InterruptedException {
        List<OpsEndpoint> endpoints = new ArrayList<>(OpsEndpoint.common());
        endpoints.addAll(OpsEndpoint.backfill("{\"fromHour\":\"2015-01-01T12\",\"toHour\":\"2015-01-01T12\"}"));

        assertThat(AuthTable.violations(base(), endpoints, credentials)).isEmpty();

        OpsCliRun.awaitIdle("backfill", base(), credentials, TIMEOUT);
        assertThat(output.getAll()).doesNotContain("gh-test-token-ops");
        assertThat(credentials.passwords()).noneMatch(output.getAll()::contains);
    }

    @Test
    void anOperatorBackfillsAnHourRangeWithTheCliAndIsAudited(CapturedOutput output) {
        OpsCliRun run = OpsCliRun.as("operator", base(), credentials,
                "backfill", "start", "--from-hour", "2015-01-01T12", "--to-hour", "2015-01-01T14", "--wait");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("\"state\":\"succeeded\"", "\"done\":3", "\"total\":3", "\"fromHour\":\"2015-01-01-12\"");
        assertThat(GITHUB.requests("/gharchive/2015-01-01-14.json.gz")).isNotEmpty();
        assertThat(output.getAll()).contains("\"who\":\"otto\"", "\"path\":\"/ops/backfill\"", "\"toHour\":\"2015-01-01T14\"",
                "\"status\":202");
        assertThat(OpsCliRun.as("operator", base(), credentials, "backfill", "start", "--from-hour", "2015-01-01T14",
                "--to-hour", "2015-01-01T12").status()).as("400: the range ends before it starts").isEqualTo(1);
        assertThat(credentials.passwords()).noneMatch(output.getAll()::contains);
    }

    @Test
    void configShowsTheServicesSettingsWithTheTokenMasked() {
        OpsCliRun config = OpsCliRun.as("admin", base(), credentials, "config");

        assertThat(config.status()).isZero();
        assertThat(config.out()).contains("\"broker.github.live.token\":\"***\"", "\"broker.github.live.poll-interval\":\"1h\"")
                .doesNotContain("gh-test-token-ops");
        assertThat(OpsCliRun.as("operator", base(), credentials, "config").status()).as("admin only").isEqualTo(1);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("github-ops-api-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
