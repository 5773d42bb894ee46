package io.databroker.hot.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.elasticsearch.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.databroker.hot.config.HotWriterProperties;
import io.databroker.hot.config.TestSettings;
import io.databroker.storeops.verify.ElasticsearchTrust;

/**
 * HTTPS to Elasticsearch with the CA given as a PEM file or as a SHA-256 fingerprint, against a local HTTPS server
 * whose self-signed certificate (made by keytool for 127.0.0.1) plays Elasticsearch's {@code http_ca.crt}.
 */
class ElasticsearchTrustTest {

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path caPem;
    private static Path otherPem;
    private static String fingerprint;

    @BeforeAll
    static void startHttpsServer() throws Exception {
        Path keystore = dir.resolve("es.p12");
        keytool("-genkeypair", "-alias", "es", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=elasticsearch-test", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        caPem = dir.resolve("http_ca.crt");
        keytool("-exportcert", "-rfc", "-alias", "es", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caPem.toString());
        Path other = dir.resolve("other.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=someone-else", "-keystore", other.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        otherPem = dir.resolve("other.crt");
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(), "-storepass", "changeit",
                "-file", otherPem.toString());
        try (InputStream in = Files.newInputStream(caPem)) {
            fingerprint = ElasticsearchTrust.fingerprint(
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/_cluster/health", exchange -> {
            byte[] body = "{\"status\":\"green\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopHttpsServer() {
        server.stop(0);
    }

    @Test
    void trustsTheServerSignedByTheCaInThePemFile() throws Exception {
        assertThat(clusterHealthWith(new HotWriterProperties.Ssl(caPem.toString(), null))).isEqualTo(200);
    }

    @Test
    void trustsTheServerWhoseCaHasTheConfiguredFingerprintInAnySpelling() throws Exception {
        String colons = fingerprint.toUpperCase().replaceAll("(..)(?!$)", "$1:");

        assertThat(clusterHealthWith(new HotWriterProperties.Ssl(null, fingerprint))).isEqualTo(200);
        assertThat(clusterHealthWith(new HotWriterProperties.Ssl("  ", colons))).isEqualTo(200);
    }

    @Test
    void refusesAServerSignedBySomeoneElse() {
        String wrong = "ab".repeat(32);

        assertThatThrownBy(() -> clusterHealthWith(new HotWriterProperties.Ssl(otherPem.toString(), null)))
                .isInstanceOf(SSLException.class)
                .hasMessageContaining("PKIX path building failed");
        assertThatThrownBy(() -> clusterHealthWith(new HotWriterProperties.Ssl(null, wrong)))
                .isInstanceOf(SSLException.class)
                .hasStackTraceContaining("configured CA fingerprint");
    }

    @Test
    void refusesToGuessBetweenTwoTrustSettingsOrAMistypedFingerprint() {
        assertThatThrownBy(() -> ElasticsearchConnection.sslContext(new HotWriterProperties.Ssl(caPem.toString(), fingerprint)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> ElasticsearchTrust.fromCaFingerprint("12:34"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> ElasticsearchTrust.fromCertificateAuthorities(dir.resolve("missing.crt")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void usesTheJvmTrustStoreWhenNothingIsConfigured() {
        assertThat(ElasticsearchConnection.sslContext(new HotWriterProperties.Ssl(null, ""))).isNull();
    }

    @Test
    void theSettingsNeverPrintCredentials() {
        HotWriterProperties.Hot hot = TestSettings.hot(Map.of(
                "hot.username", "writer", "hot.password", "s3cret-pw", "hot.api-key", "c2VjcmV0LWtleQ==",
                "hot.ssl.ca-fingerprint", fingerprint));

        assertThat(hot.toString()).contains("writer", fingerprint).doesNotContain("s3cret-pw", "c2VjcmV0LWtleQ==");
    }

    private static int clusterHealthWith(HotWriterProperties.Ssl ssl) throws IOException {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        try (ElasticsearchConnection connection = ElasticsearchConnection.open(List.of(URI.create(url)), null, null,
                null, ElasticsearchConnection.sslContext(ssl))) {
            return connection.restClient().performRequest(new Request("GET", "/_cluster/health"))
                    .getStatusLine().getStatusCode();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
