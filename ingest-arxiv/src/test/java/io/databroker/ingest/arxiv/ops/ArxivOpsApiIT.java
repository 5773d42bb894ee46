package io.databroker.ingest.arxiv.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

import io.databroker.ops.testing.AuthTable;
import io.databroker.ops.testing.OpsCliRun;
import io.databroker.ops.testing.OpsEndpoint;
import io.databroker.ops.testing.OpsTestCredentials;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.KafkaBroker;

/**
 * The Operations API of the real ingest-arxiv (Spring context, real broker, local OAI-PMH endpoint): every endpoint ×
 * {no credentials, wrong password, viewer, operator, admin}; a backfill run to its end through the CLI; the audit
 * line; and no password in the output.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ArxivOpsApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WINDOW = "{\"from\":\"2014-10-01\",\"until\":\"2014-12-31\"}";
    private static final OpsTestCredentials credentials = OpsTestCredentials.create(tempDir());
    private static final FixtureHttpServer OAI = FixtureHttpServer.start()
            .respond("/oai", Response.okResource("text/xml; charset=utf-8", "fixtures/oaipmh/list-records-arxivraw-page-3-last.xml"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("broker.arxiv.base-url", () -> OAI.url("/oai"));
        registry.add("broker.arxiv.request-interval", () -> "10ms");
        registry.add("broker.arxiv.transactional-id", () -> "ingest-arxiv-ops-api-it");
        registry.add("broker.topics.replication-factor", () -> "1");
        credentials.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopOai() {
        OAI.close();
    }

    @LocalServerPort
    int port;

    @Test
    void eachRoleCanMakeExactlyItsCalls(CapturedOutput output) throws IOException, InterruptedException {
        List<OpsEndpoint> endpoints = new ArrayList<>(OpsEndpoint.common());
        endpoints.addAll(OpsEndpoint.backfill(WINDOW));

        assertThat(AuthTable.violations(base(), endpoints, credentials)).isEmpty();

        OpsCliRun.awaitIdle("backfill", base(), credentials, TIMEOUT);
        assertThat(credentials.passwords()).noneMatch(output.getAll()::contains);
    }

    @Test
    void anOperatorBackfillsAWindowWithTheCliAndIsAudited(CapturedOutput output) {
        OpsCliRun run = OpsCliRun.as("operator", base(), credentials,
                "backfill", "start", "--from", "2014-10-01", "--until", "2014-12-31", "--wait");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("\"state\":\"succeeded\"", "\"from\":\"2014-10-01\"", "\"until\":\"2014-12-31\"");
        assertThat(OAI.requests("/oai")).anySatisfy(r -> assertThat(r.pathAndQuery())
                .isEqualTo("/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=2014-10-01&until=2014-12-31"));
        assertThat(output.getAll()).contains("\"who\":\"otto\"", "\"role\":\"operator\"", "\"path\":\"/ops/backfill\"",
                "\"until\":\"2014-12-31\"", "\"status\":202");
        assertThat(OpsCliRun.as("viewer", base(), credentials, "backfill", "start", "--from", "2014-10-01",
                "--until", "2014-12-31").status()).as("a viewer may not start one").isEqualTo(1);
        assertThat(credentials.passwords()).noneMatch(output.getAll()::contains);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static java.nio.file.Path tempDir() {
        try {
            return Files.createTempDirectory("arxiv-ops-api-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
