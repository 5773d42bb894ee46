package io.databroker.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.testsupport.Pipeline.Service;

class LauncherOptionsTest {

    private static final Path CWD = Path.of("/home/me/data-broker");

    private static LauncherOptions parse(String... args) {
        return LauncherOptions.parse(args, CWD, Map.of());
    }

    @Test
    void defaultsAreTheArchitecturePortsWithEverythingEmbeddedAndLiveSources() {
        LauncherOptions options = parse();

        assertThat(options.dataDir()).isEqualTo(CWD.resolve("data"));
        assertThat(options.replay()).isFalse();
        assertThat(options.services()).containsExactly(Service.values());
        assertThat(options.subset()).isFalse();
        assertThat(options.startsKafka()).isTrue();
        assertThat(options.startsElasticsearch()).isTrue();
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.elasticsearchPort()).isEqualTo(9200);
        assertThat(options.managementPorts()).isEqualTo(Map.of(
                Service.INGEST_ARXIV, 8081, Service.INGEST_GITHUB, 8082, Service.INGEST_NEWS, 8083,
                Service.INGEST_DNS, 8084, Service.ENRICH, 8085, Service.HOT_WRITER, 8086, Service.COLD_WRITER, 8087));
        assertThat(options.dnstapPort()).isEqualTo(6000);
        assertThat(options.replayPort()).isEqualTo(8090);
    }

    @Test
    void replayAloneMeansTheBundledSamplesAndWithADirectoryThatDirectory() {
        LauncherOptions bundled = parse("--replay", "--data", "/tmp/broker");
        assertThat(bundled.replay()).isTrue();
        assertThat(bundled.replayDir()).isNull();
        assertThat(bundled.dataDir()).isEqualTo(Path.of("/tmp/broker"));

        LauncherOptions dir = parse("--replay", "my-samples");
        assertThat(dir.replay()).isTrue();
        assertThat(dir.replayDir()).isEqualTo(CWD.resolve("my-samples"));

        assertThat(parse("--replay=/srv/samples").replayDir()).isEqualTo(Path.of("/srv/samples"));
    }

    @Test
    void everyPortCanBeMovedAndManagementPortsGivenOnePerService() {
        LauncherOptions options = parse("--kafka-port", "19092", "--elasticsearch-port=19200", "--dnstap-port", "16000",
                "--replay-port", "18090", "--management-ports", "41001,41005,41003,41002,41007,41006,41004");

        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.elasticsearchPort()).isEqualTo(19200);
        assertThat(options.dnstapPort()).isEqualTo(16000);
        assertThat(options.replayPort()).isEqualTo(18090);
        assertThat(options.managementPorts().get(Service.INGEST_GITHUB)).isEqualTo(41005);
        assertThat(options.managementPorts().get(Service.COLD_WRITER)).isEqualTo(41004);
        assertThat(parse("--management-ports", "9181").managementPorts().get(Service.COLD_WRITER)).isEqualTo(9187);
    }

    @Test
    void aServiceSubsetUsesTheEnvironmentsKafkaAndElasticsearchAndStartsNeither() {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--services", "hot-writer,cold-writer"}, CWD,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka.team:9093", "ELASTICSEARCH_HOSTS", "https://es.team:9200"));

        assertThat(options.services()).containsExactly(Service.HOT_WRITER, Service.COLD_WRITER);
        assertThat(options.subset()).isTrue();
        assertThat(options.kafkaBootstrap()).isEqualTo("kafka.team:9093");
        assertThat(options.elasticsearchUrl()).isEqualTo("https://es.team:9200");
        assertThat(options.startsKafka()).isFalse();
        assertThat(options.startsElasticsearch()).isFalse();
    }

    @Test
    void aServiceSubsetWithoutEnvironmentDefaultsToTheLocalAddresses() {
        LauncherOptions options = parse("--services", "enrich-service");

        assertThat(options.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(options.elasticsearchUrl()).isEqualTo("http://127.0.0.1:9200");
    }

    @Test
    void explicitAddressesWinOverTheEnvironment() {
        LauncherOptions options = LauncherOptions.parse(new String[] {"--services", "hot-writer", "--kafka", "k:1",
                "--elasticsearch", "http://e:2"}, CWD, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"));

        assertThat(options.kafkaBootstrap()).isEqualTo("k:1");
        assertThat(options.elasticsearchUrl()).isEqualTo("http://e:2");
    }

    @Test
    void anExistingKafkaWithoutSubsetStillStartsElasticsearch() {
        LauncherOptions options = parse("--kafka", "broker:9092");

        assertThat(options.startsKafka()).isFalse();
        assertThat(options.startsElasticsearch()).isTrue();
    }

    @Test
    void noElasticsearchIsStartedWhenHotWriterDoesNotRun() {
        assertThat(parse("--services", "cold-writer").startsElasticsearch()).isFalse();
    }

    @Test
    void extraFeedsAreForLiveMode() {
        assertThat(parse("--feeds", "https://a.example/rss, https://b.example/atom").feeds())
                .containsExactly("https://a.example/rss", "https://b.example/atom");
        assertThatThrownBy(() -> parse("--replay", "--feeds", "https://a.example/rss"))
                .hasMessageContaining("cannot be combined with --replay");
    }

    @Test
    void helpIsTheUsage() {
        assertThatThrownBy(() -> parse("--help")).hasMessageStartingWith("usage: ./run-local");
    }

    @Test
    void unknownOptionsServicesAndBadPortsAreRejected() {
        assertThatThrownBy(() -> parse("--fast")).hasMessageContaining("unknown option --fast").hasMessageContaining("usage:");
        assertThatThrownBy(() -> parse("--services", "hot-writer,warm-writer"))
                .hasMessageContaining("unknown service warm-writer").hasMessageContaining("cold-writer");
        assertThatThrownBy(() -> parse("--kafka-port", "99999")).hasMessageContaining("a port is 1-65535");
        assertThatThrownBy(() -> parse("--kafka-port", "ninety")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> parse("--management-ports", "1,2,3")).hasMessageContaining("one port or 7");
        assertThatThrownBy(() -> parse("--management-ports", "65530")).hasMessageContaining("do not fit");
    }

    @Test
    void optionWithoutValueIsRejected() {
        assertThatThrownBy(() -> parse("--data")).hasMessageContaining("--data needs a value");
        assertThatThrownBy(() -> parse("--kafka", "--replay")).hasMessageContaining("--kafka needs a value");
    }

    @Test
    void onePortForTwoComponentsIsRejected() {
        assertThatThrownBy(() -> parse("--dnstap-port", "8083"))
                .hasMessageContaining("port(s) [8083] given to more than one component");
        assertThatThrownBy(() -> parse("--replay", "--replay-port", "9092")).hasMessageContaining("[9092]");
        // Ports of components that do not run do not clash.
        assertThat(parse("--services", "cold-writer", "--dnstap-port", "9092").dnstapPort()).isEqualTo(9092);
    }
}
