package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured variants of the test servers: Kafka's SASL_SSL listener and Elasticsearch with HTTPS and users. */
class SecuredServersIT {

    @TempDir
    Path dir;

    @Test
    void kafkaSaslSslListenerAcceptsTheScramUserAndRejectsAWrongPassword() throws Exception {
        TestCertificates tls = TestCertificates.generate(dir.resolve("tls"));
        String password = TestCertificates.randomSecret();
        try (KafkaBroker broker = KafkaBroker.startSaslSsl(new KafkaBroker.SaslSsl(tls, Map.of("app", password)))) {
            try (Admin admin = Admin.create(broker.saslSslClientConfig(tls, "app", password))) {
                admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).contains("secured");
            }
            try (Admin admin = Admin.create(broker.saslSslClientConfig(tls, "app", "wrong"))) {
                assertThatThrownBy(() -> admin.listTopics().names().get(60, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void elasticsearchServesHttpsToItsUserAndUserOnly() throws Exception {
        TestCertificates tls = TestCertificates.generate(dir.resolve("tls"));
        String password = TestCertificates.randomSecret();
        try (ElasticsearchNode node = ElasticsearchNode.startSecured(ElasticsearchNode.Options.defaults(),
                new ElasticsearchNode.Security(tls, "admin", password))) {
            assertThat(node.httpUrl()).startsWith("https://127.0.0.1:");
            assertThat(status(node, node.request("/_cluster/health").GET().build())).isEqualTo(200);
            HttpRequest anonymous = HttpRequest.newBuilder(URI.create(node.httpUrl() + "/_cluster/health"))
                    .timeout(Duration.ofSeconds(30)).build();
            assertThat(status(node, anonymous)).isEqualTo(401);
            HttpRequest wrongPassword = HttpRequest.newBuilder(URI.create(node.httpUrl() + "/_cluster/health"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(30)).build();
            assertThat(status(node, wrongPassword)).isEqualTo(401);
            assertThat(tls.caFingerprint()).matches("[0-9a-f]{64}");
        }
    }

    private static int status(ElasticsearchNode node, HttpRequest request) throws Exception {
        return node.httpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
