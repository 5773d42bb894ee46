package io.databroker.ops.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/** The {@code kafkaAuthentication} health check for every service that talks to Kafka (all seven). */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({KafkaProperties.class, HealthIndicator.class})
@ConditionalOnBean(KafkaProperties.class)
public class KafkaAuthenticationHealthAutoConfiguration {

    @Bean(name = "kafkaAuthentication", destroyMethod = "close")
    KafkaAuthenticationHealthIndicator kafkaAuthenticationHealthIndicator(KafkaProperties kafka) {
        return new KafkaAuthenticationHealthIndicator(kafka::buildAdminProperties);
    }
}
