package io.databroker.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.databroker.ops.contract.ContractApplication;
import io.databroker.ops.testing.OpsTestCredentials;

/** Neither a users file nor JWT configured: every /ops call is refused, health stays open, and the log says why once. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ContractApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsSecurityLockedIT {

    @LocalServerPort
    int port;

    @Test
    void refusesEveryOpsCallAndSaysSoOnceAtStart(CapturedOutput output) throws IOException, InterruptedException {
        OpsTestCredentials someone = OpsTestCredentials.create(Files.createTempDirectory("ops-locked-it"));
        OpsTestCredentials.TestUser admin = someone.user("admin");
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] {"/ops/backfill", "/ops/config", "/ops/verify"}) {
            HttpRequest request = OpsTestCredentials.basic(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)),
                    admin.name(), admin.password()).build();
            assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(401);
        }
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
        assertThat(client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(output.getAll().lines().filter(l -> l.contains("Operations API locked"))).hasSize(1);
    }
}
