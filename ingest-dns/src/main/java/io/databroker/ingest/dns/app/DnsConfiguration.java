package io.databroker.ingest.dns.app;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.databroker.ingest.dns.config.DnsProperties;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.TopicSettings;
import io.databroker.shared.topic.Topics;

/** Wires ingest-dns. The dnstap receiver arrives with its own issue; today the service owns its topics. */
@Configuration(proxyBeanMethods = false)
public class DnsConfiguration {

    /** Creates {@code dns_data} and {@code broker_ingest_state} before anything else runs. */
    @Bean
    OwnedTopics ownedTopics(KafkaProperties kafka, DnsProperties properties) {
        TopicSettings settings = properties.topics();
        if (settings.create()) {
            try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
                new TopicProvisioner(admin, settings.replication(), settings.timeout().toMillis())
                        .ensure(settings.apply(List.of(Topics.DNS_DATA, Topics.INGEST_STATE)));
            }
        }
        return new OwnedTopics(List.of(Topics.DNS_DATA.name(), Topics.INGEST_STATE.name()));
    }

    /** Marker bean: the topics exist once it does. */
    record OwnedTopics(List<String> names) {
    }
}
