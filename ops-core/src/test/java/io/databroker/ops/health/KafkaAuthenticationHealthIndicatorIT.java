package io.databroker.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.TestCertificates;

/** A broker that rejects the credentials: readiness DOWN naming authentication (and never the password). */
class KafkaAuthenticationHealthIndicatorIT {

    @TempDir
    static Path dir;
    private static TestCertificates tls;
    private static KafkaBroker broker;
    private static final String PASSWORD = TestCertificates.randomSecret();

    @BeforeAll
    static void startBroker() {
        tls = TestCertificates.generate(dir.resolve("tls"));
        broker = KafkaBroker.startSaslSsl(new KafkaBroker.SaslSsl(tls, Map.of("svc", PASSWORD)));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void upWithTheRightPasswordDownNamingAuthenticationWithAWrongOne() {
        KafkaAuthenticationHealthIndicator right = new KafkaAuthenticationHealthIndicator(
                () -> broker.saslSslClientConfig(tls, "svc", PASSWORD));
        KafkaAuthenticationHealthIndicator wrong = new KafkaAuthenticationHealthIndicator(
                () -> broker.saslSslClientConfig(tls, "svc", "not-the-password"));
        try {
            assertThat(right.health(true).getStatus()).isEqualTo(Status.UP);
            Health rejected = wrong.health(true);
            assertThat(rejected.getStatus()).isEqualTo(Status.DOWN);
            assertThat(rejected.getDetails().get("error").toString())
                    .startsWith("Kafka authentication failed")
                    .contains("SaslAuthenticationException")
                    .doesNotContain("not-the-password");
        } finally {
            right.close();
            wrong.close();
        }
    }
}
