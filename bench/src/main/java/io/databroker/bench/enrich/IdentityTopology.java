package io.databroker.bench.enrich;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import io.databroker.shared.topic.Source;

/** The baseline: the four raw topics copied byte for byte to four output topics, nothing else. */
final class IdentityTopology {

    private IdentityTopology() {
    }

    static Topology build(String inputSuffix, String outputSuffix) {
        StreamsBuilder builder = new StreamsBuilder();
        for (Source source : Source.values()) {
            builder.stream(source.rawTopic().name() + inputSuffix, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to(source.enrichedTopic().name() + outputSuffix, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        }
        return builder.build();
    }
}
