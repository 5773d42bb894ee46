package io.databroker.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class EnrichStreamsConfigTest {

    @Test
    void insistsOnExactlyOnceAndTheApplicationIdWhateverTheClientSettingsSay() {
        Map<String, Object> config = EnrichStreamsConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                "security.protocol", "SASL_SSL"), "data-broker-enrich");

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "data-broker-enrich")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("consumer.auto.offset.reset", "earliest");
    }
}
