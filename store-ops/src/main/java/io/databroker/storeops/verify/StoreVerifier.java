package io.databroker.storeops.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.elasticsearch.client.RestClient;

import io.databroker.shared.topic.Source;
import io.databroker.storeops.delta.DeltaDocuments;

/**
 * Verify, end to end: for each source and each of the last {@code days} UTC days (today included), the distinct ids
 * of the enriched topic, of Elasticsearch and of Delta, compared by {@link StoreComparison}. Plain Java, so the
 * services' {@code GET /ops/verify} and a command-line run share it.
 */
public final class StoreVerifier {

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Function<Source, String> topicOf;
    private final ElasticsearchIds elasticsearch;
    private final Function<Source, String> indexPatternOf;
    private final Duration hotRetention;
    private final DeltaDocuments delta;
    private final Duration settle;
    private final StoreComparison comparison;
    private final Clock clock;

    /**
     * @param consumers      new consumers (outside any group, read_committed, byte arrays) for reading the topics
     * @param topicOf        the enriched topic of a source
     * @param indexPatternOf the daily indices of a source, e.g. {@code news_recent-*}
     * @param hotRetention   Elasticsearch holds a day while its start is less than this old
     * @param settle         records appended this recently may not be in the stores yet: their ids are left out
     * @param sampleSize     missing ids named per day and store
     */
    public StoreVerifier(Supplier<Consumer<byte[], byte[]>> consumers, Function<Source, String> topicOf,
                         RestClient elasticsearch, Function<Source, String> indexPatternOf, Duration hotRetention,
                         DeltaDocuments delta, Duration settle, int sampleSize, Clock clock) {
        this.consumers = consumers;
        this.topicOf = topicOf;
        this.elasticsearch = new ElasticsearchIds(elasticsearch);
        this.indexPatternOf = indexPatternOf;
        this.hotRetention = hotRetention;
        this.delta = delta;
        this.settle = settle;
        this.comparison = new StoreComparison(sampleSize);
        this.clock = clock;
    }

    public VerifyReport verify(List<Source> sources, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<LocalDate> window = new ArrayList<>();
        for (int i = days - 1; i >= 0; i--) {
            window.add(today.minusDays(i));
        }
        Set<LocalDate> daySet = new LinkedHashSet<>(window);
        List<VerifyReport.SourceReport> reports = new ArrayList<>();
        for (Source source : sources) {
            reports.add(verify(source, window, daySet));
        }
        return VerifyReport.of(clock.instant(), reports);
    }

    private VerifyReport.SourceReport verify(Source source, List<LocalDate> window, Set<LocalDate> daySet) {
        TopicIds.Result topic;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            topic = TopicIds.read(consumer, topicOf.apply(source), daySet, clock.instant().minus(settle));
        }
        DayIds hot = new DayIds(day -> day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(hotRetention)
                .isAfter(clock.instant()));
        elasticsearch.read(indexPatternOf.apply(source), window, hot);
        DayIds cold = new DayIds(day -> true);
        delta.snapshot(source).ifPresent(snapshot -> delta.forEachId(snapshot, window, cold::add));
        Map<Store, DayIds> stores = new EnumMap<>(Store.class);
        stores.put(Store.TOPIC, topic.ids());
        stores.put(Store.ELASTICSEARCH, hot);
        stores.put(Store.DELTA, cold);
        stores.values().forEach(ids -> ids.removeAll(topic.unsettled()));
        return comparison.compare(source, window, stores);
    }
}
