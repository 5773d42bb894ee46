package io.databroker.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.ops.contract.ContractApplication;
import io.databroker.ops.testing.AuthTable;
import io.databroker.ops.testing.OpsEndpoint;
import io.databroker.ops.testing.OpsTestCredentials;

/**
 * The rule table of the Operations API contract against a real Tomcat: every contract endpoint (those of all seven
 * services, served here by {@link ContractApplication}) × no credentials, a wrong password, viewer, operator, admin;
 * then bearer JWTs; and no password ever in the output.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ContractApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"broker.test.api-token=tok-config-secret", "broker.test.plain=visible-value",
                "spring.kafka.properties.sasl.jaas.config=ScramLoginModule required username=\"u\" password=\"jaas-secret\";",
                "broker.dns.privacy.hash-key=hash-key-secret", "spring.kafka.bootstrap-servers=SASL_SSL://user:url-secret@kafka:9092"})
class OpsSecurityIT {

    private static final OpsTestCredentials credentials = OpsTestCredentials.create(tempDir());

    @DynamicPropertySource
    static void opsCredentials(DynamicPropertyRegistry registry) {
        credentials.properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    /** Every endpoint of the contract, on whichever service it lives. */
    static List<OpsEndpoint> contract() {
        List<OpsEndpoint> all = new ArrayList<>(OpsEndpoint.common());
        all.addAll(OpsEndpoint.backfill("{\"from\":\"2026-01-01\",\"until\":\"2026-01-31\"}"));
        all.add(new OpsEndpoint("GET", "/ops/replay", null, OpsRole.VIEWER));
        all.add(new OpsEndpoint("POST", "/ops/replay", "{\"source\":\"news\",\"from\":{\"timestamp\":\"2026-01-01T00:00:00Z\"}}", OpsRole.OPERATOR));
        all.add(new OpsEndpoint("DELETE", "/ops/replay", null, OpsRole.OPERATOR));
        all.add(new OpsEndpoint("GET", "/ops/rehydrate", null, OpsRole.VIEWER));
        all.add(new OpsEndpoint("POST", "/ops/rehydrate", "{\"days\":3}", OpsRole.ADMIN));
        all.add(new OpsEndpoint("DELETE", "/ops/rehydrate", null, OpsRole.ADMIN));
        all.add(new OpsEndpoint("GET", "/ops/verify?sources=news&days=10", null, OpsRole.VIEWER));
        all.add(new OpsEndpoint("GET", "/not-an-ops-path", null, OpsRole.VIEWER));
        return all;
    }

    @Test
    void eachRoleCanMakeExactlyItsCalls(CapturedOutput output) throws IOException, InterruptedException {
        assertThat(AuthTable.violations(base(), contract(), credentials)).isEmpty();
        assertThat(credentials.passwords()).noneMatch(output.getAll()::contains);
    }

    @Test
    void bearerTokensGrantTheRolesOfTheirRolesClaim() throws IOException, InterruptedException {
        String viewer = credentials.jwt("grafana", List.of("viewer"));
        String admin = credentials.jwt("alice@example.org", List.of("admin"));

        assertThat(call("GET", "/ops/verify", viewer)).isEqualTo(200);
        assertThat(call("GET", "/ops/config", viewer)).isEqualTo(403);
        assertThat(call("GET", "/ops/config", admin)).isEqualTo(200);
        assertThat(call("GET", "/ops/verify", credentials.jwt("bot", List.of("superuser")))).isEqualTo(403);
        assertThat(call("GET", "/ops/verify", credentials.jwtSignedByStranger("mallory", List.of("admin")))).isEqualTo(401);
        assertThat(call("GET", "/ops/verify", credentials.expiredJwt("alice@example.org", List.of("admin")))).isEqualTo(401);
    }

    @Test
    void auditsMutatingCallsWithCallerParametersAndOutcomeMaskingSecrets(CapturedOutput output)
            throws IOException, InterruptedException {
        OpsTestCredentials.TestUser operator = credentials.user("operator");
        String body = "{\"source\":\"news\",\"apiToken\":\"tok-123-secret\",\"from\":{\"timestamp\":\"2026-01-01T00:00:00Z\"}}";
        HttpRequest start = OpsTestCredentials.basic(HttpRequest.newBuilder(URI.create(base() + "/ops/replay?dryRun=false&password=pw-in-query"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), operator.name(), operator.password()).build();
        assertThat(client.send(start, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(202);
        HttpRequest refused = OpsTestCredentials.basic(HttpRequest.newBuilder(URI.create(base() + "/ops/rehydrate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"days\":3}")),
                operator.name(), operator.password()).build();
        assertThat(client.send(refused, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/ops/replay", null)).isEqualTo(401);

        List<String> audit = output.getAll().lines().filter(l -> l.contains("\"method\":")).toList();
        assertThat(audit).anySatisfy(line -> assertThat(line)
                .contains("\"who\":\"otto\"", "\"role\":\"operator\"", "\"method\":\"POST\"", "\"path\":\"/ops/replay\"",
                        "\"dryRun\":\"false\"", "\"password\":\"***\"", "\"apiToken\":\"***\"", "\"source\":\"news\"",
                        "\"status\":202", "\"outcome\":\"success\""));
        assertThat(audit).anySatisfy(line -> assertThat(line)
                .contains("\"who\":\"otto\"", "\"path\":\"/ops/rehydrate\"", "\"status\":403", "\"outcome\":\"denied\""));
        assertThat(audit).anySatisfy(line -> assertThat(line)
                .contains("\"who\":null", "\"method\":\"DELETE\"", "\"status\":401", "\"outcome\":\"denied\""));
        assertThat(output.getAll()).doesNotContain("tok-123-secret", "pw-in-query", operator.password());
    }

    @Test
    void configShowsTheEffectiveSettingsWithSecretsMasked() throws IOException, InterruptedException {
        OpsTestCredentials.TestUser admin = credentials.user("admin");
        HttpResponse<String> config = client.send(OpsTestCredentials.basic(HttpRequest.newBuilder(URI.create(base() + "/ops/config")),
                admin.name(), admin.password()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("\"broker.test.plain\":\"visible-value\"", "\"broker.ops.users-file\":",
                "\"broker.test.api-token\":\"***\"", "\"broker.dns.privacy.hash-key\":\"***\"",
                "\"spring.kafka.properties.sasl.jaas.config\":\"***\"", "SASL_SSL://***@kafka:9092");
        assertThat(config.body()).doesNotContain("tok-config-secret", "jaas-secret", "hash-key-secret", "url-secret");
    }

    private int call(String method, String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ops-security-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
