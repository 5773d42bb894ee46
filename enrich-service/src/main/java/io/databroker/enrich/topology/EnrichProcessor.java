package io.databroker.enrich.topology;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.databroker.enrich.join.DocumentEnricher;
import io.databroker.enrich.join.DomainStats;
import io.databroker.enrich.join.JoinLookups;
import io.databroker.enrich.join.JoinTally;
import io.databroker.enrich.join.PaperSummary;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code <source>-enrich}: entity extraction and the joins, looking up the global stores {@code arxiv-papers-store}
 * and {@code dns-domains-store} (every instance holds all of both, so a lookup by arXiv id or domain needs no
 * repartition of the document). Counts {@code broker.enrich.joins{join,result}}.
 */
final class EnrichProcessor implements FixedKeyProcessor<byte[], Outcome, Outcome>, JoinLookups {

    private final DocumentEnricher enricher;
    private final Counter paperHits;
    private final Counter paperMisses;
    private final Counter domainHits;
    private final Counter domainMisses;
    private final Counter categoryHits;
    private final Counter categoryMisses;
    private FixedKeyProcessorContext<byte[], Outcome> context;
    private TimestampedKeyValueStore<String, PaperSummary> papers;
    private TimestampedKeyValueStore<String, DomainStats> domains;

    EnrichProcessor(Source source, MeterRegistry meters) {
        this.enricher = new DocumentEnricher(source);
        this.paperHits = joins(meters, source, "paper_mentions", "hit");
        this.paperMisses = joins(meters, source, "paper_mentions", "miss");
        this.domainHits = joins(meters, source, "domains", "hit");
        this.domainMisses = joins(meters, source, "domains", "miss");
        this.categoryHits = joins(meters, source, "categories", "hit");
        this.categoryMisses = joins(meters, source, "categories", "miss");
    }

    private static Counter joins(MeterRegistry meters, Source source, String join, String result) {
        return meters.counter(MetricNames.ENRICH_JOINS, MetricNames.TAG_SOURCE, source.id(), MetricNames.TAG_JOIN, join,
                MetricNames.TAG_RESULT, result);
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Outcome> context) {
        this.context = context;
        this.papers = context.getStateStore(EnrichTopology.PAPERS_STORE);
        this.domains = context.getStateStore(EnrichTopology.DOMAINS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<byte[], Outcome> record) {
        JoinTally tally = enricher.enrich(((Outcome.Normalized) record.value()).document(), this);
        paperHits.increment(tally.paperHits());
        paperMisses.increment(tally.paperMisses());
        domainHits.increment(tally.domainHits());
        domainMisses.increment(tally.domainMisses());
        categoryHits.increment(tally.categoryHits());
        categoryMisses.increment(tally.categoryMisses());
        context.forward(record);
    }

    @Override
    public PaperSummary paper(String arxivId) {
        return ValueAndTimestamp.getValueOrNull(papers.get(arxivId));
    }

    @Override
    public DomainStats domain(String registrableDomain) {
        return ValueAndTimestamp.getValueOrNull(domains.get(registrableDomain));
    }
}
