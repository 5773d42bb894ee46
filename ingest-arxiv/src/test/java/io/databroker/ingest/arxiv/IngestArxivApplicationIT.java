package io.databroker.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.databroker.testsupport.HttpProbe;
import io.databroker.testsupport.KafkaBroker;

/** The service starts against a real broker, creates the topics it owns and answers its probes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestArxivApplicationIT {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
    }

    @LocalServerPort
    int port;

    @Test
    void createsItsTopicsAndReportsReady() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("arxiv_raw", "broker_ingest_state"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("arxiv_raw").partitions()).hasSize(8);
            assertThat(topics.get("broker_ingest_state").partitions()).hasSize(1);
        }
        String base = "http://127.0.0.1:" + port;
        assertThat(HttpProbe.get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(base + "/actuator/prometheus").body()).contains("service=\"ingest-arxiv\"");
        assertThat(HttpProbe.get(base + "/actuator/env").statusCode()).as("only health and prometheus are exposed").isEqualTo(404);
    }
}
