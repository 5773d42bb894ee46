package io.databroker.enrich.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import io.databroker.enrich.normalize.DocumentNormalizer;
import io.databroker.enrich.normalize.NewsNormalizer;
import io.databroker.enrich.validate.JsonSchemas;
import io.databroker.enrich.validate.RawRecordValidator;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;

/**
 * The enrichment topology (ARCHITECTURE §5). Per source: {@code <source>-source} (raw bytes, so a bad record
 * can be routed instead of crashing the deserializer) → {@code <source>-validate} → {@code <source>-normalize}
 * → either {@code <source>-to-document} → {@code <source>_enriched}, or {@code <source>-dead-letter} →
 * {@code dead-letter-queue}. Processors are named explicitly so that the names (and any future changelog or
 * repartition topics derived from them) stay stable.
 */
public final class EnrichTopology {

    private EnrichTopology() {
    }

    public static Topology build(EnrichSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        JsonSchemas schemas = new JsonSchemas();
        addSource(builder, settings, Source.NEWS, new RawRecordValidator(schemas.forSource(Source.NEWS),
                settings.maxRecordBytes()), new NewsNormalizer());
        return builder.build();
    }

    private static void addSource(StreamsBuilder builder, EnrichSettings settings, Source source,
                                  RawRecordValidator validator, DocumentNormalizer normalizer) {
        String prefix = source.id();
        KStream<byte[], Outcome> outcomes = builder
                .stream(settings.name(source.rawTopic()), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(prefix + "-source"))
                .processValues(() -> new ValidateProcessor(validator), Named.as(prefix + "-validate"))
                .processValues(() -> new NormalizeProcessor(normalizer, settings.clock()), Named.as(prefix + "-normalize"));
        outcomes.split(Named.as(prefix + "-"))
                .branch((key, outcome) -> outcome instanceof Outcome.Rejected, Branched.withConsumer(rejected -> rejected
                        .process(() -> new DeadLetterProcessor(source, settings.meters()), Named.as(prefix + "-dead-letter"))
                        .to(settings.name(Topics.DEAD_LETTER_QUEUE), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName(prefix + "-dead-letter-sink")), "rejected"))
                .defaultBranch(Branched.withConsumer(normalized -> normalized
                        .process(() -> new EnrichedRecordProcessor(source, settings.meters()), Named.as(prefix + "-to-document"))
                        .to(settings.name(source.enrichedTopic()), Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName(prefix + "-enriched-sink")), "normalized"));
    }
}
