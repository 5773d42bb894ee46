package io.databroker.shared.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaAuthenticationTest {

    @Test
    void findsARejectionAnywhereInTheCauseChain() {
        var sasl = new SaslAuthenticationException("Authentication failed during authentication due to invalid credentials "
                + "with SASL mechanism SCRAM-SHA-512");
        var wrapped = new IllegalStateException("could not create topic x", new ExecutionException(sasl));
        assertThat(KafkaAuthentication.cause(wrapped)).isSameAs(sasl);
        assertThat(KafkaAuthentication.failed(new SslAuthenticationException("SSL handshake failed"))).isTrue();
        assertThat(KafkaAuthentication.failed(new IllegalStateException(new TimeoutException("no broker")))).isFalse();
        assertThat(KafkaAuthentication.failed(null)).isFalse();
    }

    @Test
    void explainsInAnOperatorsWordsWithKafkasReason() {
        var sasl = new SaslAuthenticationException("invalid credentials with SASL mechanism SCRAM-SHA-512");
        assertThat(KafkaAuthentication.explain(new RuntimeException(sasl)))
                .startsWith("Kafka authentication failed: the broker rejected this service's credentials")
                .contains("SaslAuthenticationException: invalid credentials with SASL mechanism SCRAM-SHA-512")
                .contains("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
    }
}
