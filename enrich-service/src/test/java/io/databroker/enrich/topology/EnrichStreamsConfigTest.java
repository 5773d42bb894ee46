package io.databroker.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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

    @Test
    void disablesTaskIdlingBecauseEveryTaskReadsASinglePartition() {
        assertThat(EnrichStreamsConfig.of(Map.of(), "data-broker-enrich"))
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Idling only matters for tasks that read several partitions (stream-stream joins, merges): none may exist.
        Topology topology = EnrichTopology.build(new EnrichSettings(1024, EnrichSettings.DEFAULT_DEDUP_WINDOW, "",
                Clock.systemUTC(), new SimpleMeterRegistry()));
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            List<String> topics = subtopology.nodes().stream().filter(n -> n instanceof TopologyDescription.Source)
                    .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()).toList();
            assertThat(topics).as("sub-topology " + subtopology.id()).hasSize(1);
        }
    }
}
