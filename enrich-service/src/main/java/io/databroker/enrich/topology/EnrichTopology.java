package io.databroker.enrich.topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.databroker.enrich.join.DomainStats;
import io.databroker.enrich.join.JoinSerdes;
import io.databroker.enrich.join.PaperSummary;
import io.databroker.enrich.normalize.ArxivNormalizer;
import io.databroker.enrich.normalize.DnsNormalizer;
import io.databroker.enrich.normalize.DocumentNormalizer;
import io.databroker.enrich.normalize.GithubNormalizer;
import io.databroker.enrich.normalize.NewsNormalizer;
import io.databroker.enrich.normalize.Timestamps;
import io.databroker.enrich.reference.ArxivCategories;
import io.databroker.enrich.validate.JsonSchemas;
import io.databroker.enrich.validate.RawRecordValidator;
import io.databroker.shared.topic.Source;
import io.databroker.shared.topic.Topics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The enrichment topology (ARCHITECTURE §5). Per source, one sub-topology: {@code <source>-source} (raw bytes, so a
 * bad record can be routed instead of crashing the deserializer) → {@code <source>-validate} →
 * {@code <source>-normalize} → either {@code <source>-dead-letter} → {@code dead-letter-queue}, or
 * {@code <source>-dedupe} → {@code <source>-enrich} (entities and joins) → {@code <source>-to-document} →
 * {@code <source>_enriched}.
 *
 * <p>The join tables are global stores, so every instance can look up any arXiv id or domain without repartitioning
 * the documents: arXiv documents are reduced to the latest version per paper ({@code arxiv-papers-latest-store},
 * repartitioned by arXiv id) and written to {@code enrich-papers}; DNS documents are reduced per registrable domain
 * ({@code dns-domains-aggregate-store}, repartitioned by domain) and written to {@code enrich-domains}; both topics
 * are read back as the global stores {@code arxiv-papers-store} and {@code dns-domains-store}. Processors and stores
 * are named explicitly so that changelog and repartition topic names stay stable across versions.
 */
public final class EnrichTopology {

    /** Global store: arXiv id (no version) → latest {@link PaperSummary}. */
    public static final String PAPERS_STORE = "arxiv-papers-store";
    /** Global store: registrable domain → {@link DomainStats}. */
    public static final String DOMAINS_STORE = "dns-domains-store";

    private EnrichTopology() {
    }

    public static Topology build(EnrichSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        JsonSchemas schemas = new JsonSchemas();
        builder.globalTable(settings.name(EnrichTopics.PAPERS),
                Consumed.with(Serdes.String(), JoinSerdes.papers()).withName("arxiv-papers-global-source"),
                Materialized.<String, PaperSummary, KeyValueStore<Bytes, byte[]>>as(PAPERS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(JoinSerdes.papers()));
        builder.globalTable(settings.name(EnrichTopics.DOMAINS),
                Consumed.with(Serdes.String(), JoinSerdes.domains()).withName("dns-domains-global-source"),
                Materialized.<String, DomainStats, KeyValueStore<Bytes, byte[]>>as(DOMAINS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(JoinSerdes.domains()));

        ArxivCategories categories = ArxivCategories.load();
        KStream<byte[], Outcome> arxiv = addSource(builder, settings, schemas, Source.ARXIV, new ArxivNormalizer(categories));
        addPapersTable(arxiv, settings);
        addSource(builder, settings, schemas, Source.GITHUB, new GithubNormalizer());
        addSource(builder, settings, schemas, Source.NEWS, new NewsNormalizer());
        KStream<byte[], Outcome> dns = addSource(builder, settings, schemas, Source.DNS, new DnsNormalizer());
        addDomainsTable(dns, settings);
        return builder.build();
    }

    /** The per-source chain; returns the stream of enriched documents (after they were sent to the enriched topic). */
    private static KStream<byte[], Outcome> addSource(StreamsBuilder builder, EnrichSettings settings, JsonSchemas schemas,
                                                      Source source, DocumentNormalizer normalizer) {
        String prefix = source.id();
        RawRecordValidator validator = new RawRecordValidator(schemas.forSource(source), settings.maxRecordBytes());
        String dedupeStore = prefix + "-dedupe-store";
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(dedupeStore, settings.dedupWindow(), settings.dedupWindow(), false),
                Serdes.String(), Serdes.String()));

        KStream<byte[], Outcome> outcomes = builder
                .stream(settings.name(source.rawTopic()), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(prefix + "-source"))
                .processValues(() -> new ValidateProcessor(validator), Named.as(prefix + "-validate"))
                .processValues(() -> new NormalizeProcessor(normalizer, settings.clock()), Named.as(prefix + "-normalize"));
        KStream<byte[], Outcome> enriched = outcomes.split(Named.as(prefix + "-"))
                .branch((key, outcome) -> outcome instanceof Outcome.Rejected,
                        Branched.withConsumer(rejected -> deadLetter(rejected, source, settings, prefix + "-dead-letter"), "rejected"))
                .defaultBranch(Branched.as("normalized"))
                .get(prefix + "-normalized")
                .processValues(() -> new DedupeProcessor(source, dedupeStore, settings.dedupWindow(), settings.meters()),
                        Named.as(prefix + "-dedupe"), dedupeStore)
                .processValues(() -> new EnrichProcessor(source, settings.meters()), Named.as(prefix + "-enrich"))
                .processValues(() -> new SerializeProcessor(settings.maxDocumentBytes()), Named.as(prefix + "-serialize"))
                .split(Named.as(prefix + "-serialized-"))
                .branch((key, outcome) -> outcome instanceof Outcome.Rejected,
                        Branched.withConsumer(tooLarge -> deadLetter(tooLarge, source, settings, prefix + "-oversized-dead-letter"),
                                "oversized"))
                .defaultBranch(Branched.as("fits"))
                .get(prefix + "-serialized-fits");
        enriched.process(() -> new EnrichedRecordProcessor(source, settings.clock(), settings.meters()),
                        Named.as(prefix + "-to-document"))
                .to(settings.name(source.enrichedTopic()), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName(prefix + "-enriched-sink"));
        return enriched;
    }

    /** Rejected records → their dead letters on the dead-letter queue (nodes {@code name} and {@code name-sink}). */
    private static void deadLetter(KStream<byte[], Outcome> rejected, Source source, EnrichSettings settings, String name) {
        rejected.process(() -> new DeadLetterProcessor(source, settings.meters()), Named.as(name))
                .to(settings.name(Topics.DEAD_LETTER_QUEUE), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(name + "-sink"));
    }

    /** Latest version per paper → {@code enrich-papers}, the source of the papers global store. */
    private static void addPapersTable(KStream<byte[], Outcome> arxiv, EnrichSettings settings) {
        arxiv.map((key, outcome) -> {
                    PaperSummary paper = paperOf(document(outcome));
                    return KeyValue.pair(paper.id(), paper);
                }, Named.as("arxiv-to-paper"))
                .groupByKey(Grouped.with("arxiv-papers", Serdes.String(), JoinSerdes.papers()))
                .reduce(PaperSummary::latest, Named.as("arxiv-papers-latest"),
                        Materialized.<String, PaperSummary, KeyValueStore<Bytes, byte[]>>as("arxiv-papers-latest-store")
                                .withKeySerde(Serdes.String()).withValueSerde(JoinSerdes.papers()))
                .toStream(Named.as("arxiv-papers-changes"))
                .to(settings.name(EnrichTopics.PAPERS), Produced.with(Serdes.String(), JoinSerdes.papers())
                        .withName("arxiv-papers-sink"));
    }

    /** One observation per DNS document, aggregated per registrable domain → {@code enrich-domains}. */
    private static void addDomainsTable(KStream<byte[], Outcome> dns, EnrichSettings settings) {
        dns.flatMap((key, outcome) -> {
                    DomainStats observation = observationOf(document(outcome));
                    return observation == null ? List.<KeyValue<String, DomainStats>>of()
                            : List.of(KeyValue.pair(observation.name(), observation));
                }, Named.as("dns-to-domain-observation"))
                .groupByKey(Grouped.with("dns-domain-observations", Serdes.String(), JoinSerdes.domains()))
                .reduce(DomainStats::merge, Named.as("dns-domains-aggregate"),
                        Materialized.<String, DomainStats, KeyValueStore<Bytes, byte[]>>as("dns-domains-aggregate-store")
                                .withKeySerde(Serdes.String()).withValueSerde(JoinSerdes.domains()))
                .toStream(Named.as("dns-domains-changes"))
                .to(settings.name(EnrichTopics.DOMAINS), Produced.with(Serdes.String(), JoinSerdes.domains())
                        .withName("dns-domains-sink"));
    }

    private static ObjectNode document(Outcome outcome) {
        return ((Outcome.Serialized) outcome).document().document();
    }

    static PaperSummary paperOf(ObjectNode doc) {
        return new PaperSummary(doc.get("arxiv_id").asString(), doc.get("version").asInt(), text(doc, "title"),
                text(doc, "primary_category"), doc.get("deleted").asBoolean());
    }

    /** The domain observation of an enriched DNS document; null when its name has no registrable domain. */
    static DomainStats observationOf(ObjectNode doc) {
        String domain = text(doc, DnsNormalizer.REGISTRABLE_DOMAIN);
        if (domain == null) {
            return null;
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (JsonNode answer : doc.get("answers")) {
            String type = text(answer, "type");
            String data = text(answer, "data");
            if (data != null && ("A".equals(type) || "AAAA".equals(type))) {
                addresses.add(data);
            }
        }
        return DomainStats.observed(domain, Timestamps.parseInstant(doc.get("event_time").asString()), new ArrayList<>(addresses));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
