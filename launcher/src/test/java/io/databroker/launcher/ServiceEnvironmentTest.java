package io.databroker.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.testsupport.Pipeline.Service;

class ServiceEnvironmentTest {

    private static final Path DATA = Path.of("/srv/broker/data");
    private static final ServiceEnvironment EMBEDDED =
            new ServiceEnvironment("127.0.0.1:9092", "http://127.0.0.1:9200", true, DATA, 6000, DATA.resolve("ops/users"));

    @Test
    void hotWriterOnTheEmbeddedNodeRunsWithoutIlmAndSaysWhere() {
        Map<String, String> env = EMBEDDED.forService(Service.HOT_WRITER, Map.of(), Map.of());

        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("ELASTICSEARCH_HOSTS", "http://127.0.0.1:9200")
                .containsEntry("BROKER_HOT_ILM_ENABLED", "false")
                .containsEntry("BROKER_HOT_NUMBER_OF_REPLICAS", "0");
    }

    @Test
    void hotWriterOnAnExistingClusterKeepsIlm() {
        ServiceEnvironment team = new ServiceEnvironment("kafka.team:9093", "https://es.team:9200", false, DATA, 6000, null);

        assertThat(team.forService(Service.HOT_WRITER, Map.of(), Map.of()))
                .containsEntry("ELASTICSEARCH_HOSTS", "https://es.team:9200")
                .doesNotContainKeys("BROKER_HOT_ILM_ENABLED", "BROKER_HOT_TEXT_ANALYZER");
    }

    @Test
    void coldWriterWritesUnderTheDataDirectoryUnlessTheUserSaidOtherwise() {
        assertThat(EMBEDDED.forService(Service.COLD_WRITER, Map.of(), Map.of()))
                .containsEntry("BROKER_COLD_BASE_URI", "file:///srv/broker/data/cold-store")
                .containsEntry("BROKER_COLD_FLUSH_MAX_LATENCY", "10s");

        Map<String, String> user = Map.of("BROKER_COLD_BASE_URI", "s3a://lake/broker", "BROKER_COLD_FLUSH_MAX_LATENCY", "60s");
        // Not set by the launcher: the service inherits the user's values.
        assertThat(EMBEDDED.forService(Service.COLD_WRITER, Map.of(), user))
                .doesNotContainKeys("BROKER_COLD_BASE_URI", "BROKER_COLD_FLUSH_MAX_LATENCY");
    }

    @Test
    void streamsStateAndDnstapPortFollowTheLauncher() {
        assertThat(EMBEDDED.forService(Service.ENRICH, Map.of(), Map.of()))
                .containsEntry("SPRING_KAFKA_STREAMS_STATE_DIR", "/srv/broker/data/kafka-streams");
        assertThat(EMBEDDED.forService(Service.INGEST_DNS, Map.of("BROKER_DNS_REPLAY_FILES", "/x.dnstap"), Map.of()))
                .containsEntry("BROKER_DNS_TCP_PORT", "6000")
                .containsEntry("BROKER_DNS_REPLAY_FILES", "/x.dnstap");
    }

    @Test
    void sourceSettingsWinOverTheUsersEnvironment() {
        Map<String, String> env = EMBEDDED.forService(Service.INGEST_ARXIV,
                Map.of("BROKER_ARXIV_BASE_URL", "http://127.0.0.1:8090/arxiv/oai"),
                Map.of("BROKER_ARXIV_BASE_URL", "https://oaipmh.arxiv.org/oai"));

        assertThat(env).containsEntry("BROKER_ARXIV_BASE_URL", "http://127.0.0.1:8090/arxiv/oai");
    }

    @Test
    void everyServiceGetsTheGeneratedOpsUsersFileUnlessTheUserConfiguredTheirOwn() {
        for (Service service : Service.values()) {
            assertThat(EMBEDDED.forService(service, Map.of(), Map.of()))
                    .containsEntry("BROKER_OPS_USERS_FILE", "/srv/broker/data/ops/users");
        }
        ServiceEnvironment team = new ServiceEnvironment("kafka.team:9093", "https://es.team:9200", false, DATA, 6000, null);
        assertThat(team.forService(Service.HOT_WRITER, Map.of(), Map.of())).doesNotContainKey("BROKER_OPS_USERS_FILE");
    }
}
