package io.databroker.enrich.ops;

import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.databroker.enrich.join.DomainStats;
import io.databroker.enrich.join.JoinLookups;
import io.databroker.enrich.join.PaperSummary;
import io.databroker.enrich.topology.EnrichTopology;

/**
 * The join lookups of replay: the live instance's global stores (every instance holds all of both), queried
 * read-only. While Streams is not running (or still restoring them), lookups miss, as an unseen paper or domain does.
 */
final class LiveJoinLookups implements JoinLookups {

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<PaperSummary>> papers;
    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<DomainStats>> domains;

    private LiveJoinLookups(ReadOnlyKeyValueStore<String, ValueAndTimestamp<PaperSummary>> papers,
                            ReadOnlyKeyValueStore<String, ValueAndTimestamp<DomainStats>> domains) {
        this.papers = papers;
        this.domains = domains;
    }

    static JoinLookups of(Optional<KafkaStreams> running) {
        if (running.isEmpty()) {
            return new LiveJoinLookups(null, null);
        }
        try {
            KafkaStreams streams = running.get();
            return new LiveJoinLookups(
                    streams.store(StoreQueryParameters.fromNameAndType(EnrichTopology.PAPERS_STORE,
                            QueryableStoreTypes.<String, PaperSummary>timestampedKeyValueStore())),
                    streams.store(StoreQueryParameters.fromNameAndType(EnrichTopology.DOMAINS_STORE,
                            QueryableStoreTypes.<String, DomainStats>timestampedKeyValueStore())));
        } catch (InvalidStateStoreException e) {
            return new LiveJoinLookups(null, null);
        }
    }

    @Override
    public PaperSummary paper(String arxivId) {
        return papers == null ? null : ValueAndTimestamp.getValueOrNull(papers.get(arxivId));
    }

    @Override
    public DomainStats domain(String registrableDomain) {
        return domains == null ? null : ValueAndTimestamp.getValueOrNull(domains.get(registrableDomain));
    }
}
