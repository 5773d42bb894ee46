package io.databroker.shared.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.databroker.shared.kafka.KafkaAuthentication;
import io.databroker.testsupport.KafkaBroker;
import io.databroker.testsupport.TestCertificates;

/** Rejected credentials at start-up: logged, not thrown (no crash loop); other failures still fail the start. */
class TopicProvisionerAuthenticationIT {

    @TempDir
    Path dir;

    @Test
    void rejectedCredentialsDoNotFailTheStartAndCreateNothing() {
        TestCertificates tls = TestCertificates.generate(dir.resolve("tls"));
        String password = TestCertificates.randomSecret();
        try (KafkaBroker broker = KafkaBroker.startSaslSsl(new KafkaBroker.SaslSsl(tls, Map.of("svc", password)))) {
            Topic topic = new Topic("never-created", 1, Map.of());
            TopicProvisioner.provision(TopicSettings.defaults(), List.of(topic),
                    broker.saslSslClientConfig(tls, "svc", "not-the-password"));

            TopicProvisioner.provision(TopicSettings.defaults(), List.of(topic), broker.saslSslClientConfig(tls, "svc", password));
            assertThat(KafkaAuthentication.failed(new IllegalStateException("x"))).isFalse();
        }
    }

    @Test
    void otherFailuresStillFailTheStart() {
        Map<String, Object> unknownOption = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "not a host list");
        assertThatThrownBy(() -> TopicProvisioner.provision(TopicSettings.defaults(), List.of(new Topic("t", 1, Map.of())),
                unknownOption)).isInstanceOf(RuntimeException.class);
    }
}
