package io.databroker.ingest.arxiv.oaipmh;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.arxiv.publish.ArxivRecord;
import io.databroker.ingest.arxiv.publish.ArxivRecordMapper;
import io.databroker.ingest.arxiv.publish.SkipReason;
import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.http.FetchRequest;
import io.databroker.ingest.core.http.FetchResponse;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.poll.Poller;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.shared.envelope.CloudEventHeaders;

/**
 * Harvests arXiv over OAI-PMH, one ListRecords page per poll, each page published with its advanced
 * {@link HarvestCursor} in one Kafka transaction. Sets are harvested one after the other, each with its own cursor;
 * a round ends when every set's window is complete, and the polling loop then waits its interval.
 *
 * <p>With {@code until} set it is a backfill of one bounded window per set ({@code from..until}), with cursors under
 * its own key prefix and its own producer: it never reads or moves the live cursors, leaves the lag gauge alone, and
 * is {@link #finished()} once every set's window is complete.
 */
public final class OaiPmhHarvester implements Poller {

    private static final Logger log = LoggerFactory.getLogger(OaiPmhHarvester.class);
    private static final String ACCEPT = "text/xml, application/xml;q=0.9, */*;q=0.1";

    /**
     * What to harvest.
     *
     * @param baseUrl        the OAI-PMH endpoint
     * @param metadataPrefix {@code arXivRaw} or {@code arXiv}
     * @param sets           OAI sets, each harvested with its own cursor; empty = the whole repository
     * @param initialFrom    {@code from} of the first window of a set without a stored cursor; null = yesterday (UTC)
     * @param until          last day of a backfill's bounded window, or null for the live, open-ended harvest
     * @param keyPrefix      prefix of the cursor keys: {@link HarvestCursor#KEY_PREFIX} live, another for a backfill
     * @param topic          where records go ({@code arxiv_raw})
     */
    public record Settings(URI baseUrl, String metadataPrefix, List<String> sets, LocalDate initialFrom, LocalDate until,
                           String keyPrefix, String topic) {

        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(metadataPrefix, "metadataPrefix");
            sets = List.copyOf(sets);
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            Objects.requireNonNull(topic, "topic");
            if (until != null && (initialFrom == null || initialFrom.isAfter(until))) {
                throw new IllegalArgumentException("a bounded window needs from <= until, was " + initialFrom + ".." + until);
            }
        }

        /** The live harvest. */
        public Settings(URI baseUrl, String metadataPrefix, List<String> sets, LocalDate initialFrom, String topic) {
            this(baseUrl, metadataPrefix, sets, initialFrom, null, HarvestCursor.KEY_PREFIX, topic);
        }

        boolean bounded() {
            return until != null;
        }
    }

    /**
     * How far the harvester got in this process.
     *
     * @param published        records published
     * @param listPosition     position in the current list after the last page, when the repository says it
     * @param completeListSize size of the current list, when the repository says it
     */
    public record Progress(long published, Long listPosition, Long completeListSize) {
    }

    private final Settings settings;
    private final HttpFetcher fetcher;
    private final ListRecordsParser parser;
    private final ArxivRecordMapper mapper;
    private final TransactionalPublisher publisher;
    private final IngestStateReader stateReader;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Map<String, HarvestCursor> cursors = new LinkedHashMap<>();
    private final Deque<String> pendingThisRound = new ArrayDeque<>();
    private long publishedTotal;
    private Long listPosition;
    private Long completeListSize;

    public OaiPmhHarvester(Settings settings, HttpFetcher fetcher, ListRecordsParser parser, ArxivRecordMapper mapper,
                           TransactionalPublisher publisher, IngestStateReader stateReader, IngestMetrics metrics,
                           Clock clock) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.parser = parser;
        this.mapper = mapper;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Fences any earlier instance (its open transaction is aborted), then restores the cursors from
     * {@code broker_ingest_state}. In this order, so no transaction of ours can still be pending while they are read.
     */
    public synchronized void start() {
        publisher.start();
        Map<String, byte[]> stored = stateReader.readLatest(settings.keyPrefix());
        cursors.clear();
        pendingThisRound.clear();
        List<String> sets = settings.sets().isEmpty() ? singletonNull() : settings.sets();
        LocalDate initialFrom = settings.initialFrom() != null ? settings.initialFrom()
                : LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
        for (String set : sets) {
            String key = HarvestCursor.key(settings.keyPrefix(), settings.metadataPrefix(), set);
            HarvestCursor cursor = restore(key, stored.get(key));
            if (settings.bounded()) {
                // Resume the same window where it stopped; a finished or different window starts afresh.
                HarvestCursor fresh = HarvestCursor.bounded(settings.metadataPrefix(), set, initialFrom, settings.until());
                boolean sameWindow = cursor != null && Objects.equals(cursor.from(), fresh.from())
                        && Objects.equals(cursor.until(), fresh.until()) && !cursor.complete();
                cursor = sameWindow ? cursor : fresh;
            }
            cursors.put(key, cursor != null ? cursor : HarvestCursor.initial(settings.metadataPrefix(), set, initialFrom));
            log.info("arXiv {} of {} resumes at {}", settings.bounded() ? "backfill" : "harvest", key, describe(cursors.get(key)));
        }
        updateLag();
    }

    /** Harvests one page of the first set whose window is still open in this round. */
    @Override
    public synchronized PollOutcome poll() throws IOException, InterruptedException {
        if (pendingThisRound.isEmpty()) {
            cursors.forEach((key, cursor) -> {
                if (!cursor.complete()) {
                    pendingThisRound.add(key);
                }
            });
            if (pendingThisRound.isEmpty()) {
                return PollOutcome.notModified(); // a backfill whose windows are all complete
            }
        }
        String key = pendingThisRound.peekFirst();
        PageResult result = harvestPage(cursors.get(key));
        cursors.put(key, result.next());
        updateLag();
        if (result.windowComplete()) {
            pendingThisRound.removeFirst();
        }
        return pendingThisRound.isEmpty() ? result.outcome() : result.outcome().continueAtOnce();
    }

    /** The cursor held for {@code set} (null = whole repository), for tests and diagnostics. */
    public synchronized HarvestCursor cursor(String set) {
        return cursors.get(HarvestCursor.key(settings.keyPrefix(), settings.metadataPrefix(), set));
    }

    /** True for a backfill whose every window is complete (never for the live harvest). */
    public synchronized boolean finished() {
        return settings.bounded() && !cursors.isEmpty() && cursors.values().stream().allMatch(HarvestCursor::complete);
    }

    public synchronized Progress progress() {
        return new Progress(publishedTotal, listPosition, completeListSize);
    }

    private String keyOf(HarvestCursor cursor) {
        return HarvestCursor.key(settings.keyPrefix(), cursor.metadataPrefix(), cursor.set());
    }

    private record PageResult(HarvestCursor next, boolean windowComplete, PollOutcome outcome) {
    }

    private PageResult harvestPage(HarvestCursor cursor) throws IOException, InterruptedException {
        URI uri = cursor.nextRequest(settings.baseUrl()).toUri();
        Instant fetchedAt = clock.instant();
        try (FetchResponse response = fetcher.fetch(FetchRequest.get(uri).withHeader("Accept", ACCEPT))) {
            if (response.notModified()) {
                return new PageResult(cursor, true, PollOutcome.notModified());
            }
            requireXml(response);
            PageStats stats = new PageStats();
            try (TransactionalPublisher.Transaction transaction = publisher.begin()) {
                ListRecordsPage page;
                try {
                    page = parser.parse(response.body(), record -> publish(record, fetchedAt, transaction, stats));
                } catch (OaiPmhException e) {
                    return handleOaiError(e, cursor, transaction, uri);
                } catch (MalformedSourceDataException e) {
                    throw new MalformedSourceDataException(uri + ": " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new IOException("reading " + uri + " failed: " + e.getMessage(), e);
                }
                HarvestCursor next = cursor.afterPage(page, stats.maxDatestamp);
                transaction.commit(keyOf(next), next.toJson());
                stats.report(metrics, uri);
                publishedTotal += stats.published;
                ResumptionToken token = page.token();
                completeListSize = token == null ? null : token.completeListSize();
                listPosition = token == null || token.cursor() == null ? null
                        : page.lastPage() && completeListSize != null ? completeListSize : token.cursor() + page.records();
                log.atInfo().addKeyValue("source", metrics.source()).addKeyValue("cursor_key", keyOf(next))
                        .log("harvested {} records ({} published, {} skipped) from {}; {}", page.records(),
                                stats.published, stats.skippedTotal(), uri, progress(page));
                return new PageResult(next, page.lastPage(), PollOutcome.published(stats.published));
            }
        }
    }

    private PageResult handleOaiError(OaiPmhException e, HarvestCursor cursor,
                                      TransactionalPublisher.Transaction transaction, URI uri) {
        switch (e.code()) {
            case OaiPmhException.NO_RECORDS_MATCH -> {
                HarvestCursor next = cursor.caughtUp(e.responseDate() != null ? e.responseDate() : clock.instant());
                transaction.commit(keyOf(next), next.toJson());
                log.info("{} caught up: no records changed since {} ({})", keyOf(cursor), cursor.from(), uri);
                return new PageResult(next, true, PollOutcome.notModified());
            }
            case OaiPmhException.BAD_RESUMPTION_TOKEN -> {
                if (!cursor.midWindow()) {
                    throw e; // a window's first request carries no token: the repository is confused, retry later
                }
                HarvestCursor next = cursor.restartWindow();
                transaction.commit(keyOf(next), next.toJson());
                log.atWarn().addKeyValue("source", metrics.source()).addKeyValue("cursor_key", keyOf(cursor))
                        .log("{} rejected resumption token of {}; restarting the window from {}", uri, keyOf(cursor), cursor.from());
                return new PageResult(next, false, PollOutcome.published(0));
            }
            default -> throw e;
        }
    }

    private void publish(OaiRecord record, Instant fetchedAt, TransactionalPublisher.Transaction transaction,
                         PageStats stats) {
        ArxivRecordMapper.Mapped mapped = mapper.map(record, fetchedAt);
        stats.seen(record.datestamp());
        if (mapped.skipped() != null) {
            stats.skipped(mapped.skipped(), record.identifier());
            return;
        }
        for (ArxivRecord arxivRecord : mapped.records()) {
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.write(arxivRecord.cloudEvent(settings.baseUrl().toString()), headers);
            transaction.send(new ProducerRecord<>(settings.topic(), null, arxivRecord.key(), arxivRecord.toJson(), headers));
            stats.published++;
        }
    }

    private static void requireXml(FetchResponse response) {
        String contentType = response.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("xml")) {
            throw new MalformedSourceDataException("expected XML from " + response.uri() + ", got Content-Type " + contentType);
        }
    }

    private void updateLag() {
        if (settings.bounded()) {
            return; // the lag gauge follows the live harvest; a backfill's old dates would make it jump back
        }
        metrics.cursorAt(cursors.values().stream().map(HarvestCursor::position).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null));
    }

    private HarvestCursor restore(String key, byte[] json) {
        if (json == null) {
            return null;
        }
        try {
            return HarvestCursor.fromJson(json);
        } catch (IllegalArgumentException e) {
            // A corrupt cursor: start afresh from the configured date; re-publishing is harmless, skipping is not.
            log.warn("ignoring unreadable cursor {}: {}", key, e.getMessage());
            return null;
        }
    }

    private static String describe(HarvestCursor cursor) {
        if (cursor.complete()) {
            return "its end (window " + cursor.from() + ".." + cursor.until() + " complete)";
        }
        return cursor.midWindow()
                ? "resumption token of the window from " + cursor.from()
                : "a new window from " + (cursor.from() == null ? "the beginning" : cursor.from());
    }

    private static String progress(ListRecordsPage page) {
        if (page.lastPage()) {
            return "window complete";
        }
        Long cursor = page.token().cursor();
        Long size = page.token().completeListSize();
        return cursor == null || size == null ? "more pages follow"
                : "list position " + (cursor + page.records()) + " of " + size;
    }

    private static List<String> singletonNull() {
        List<String> wholeRepository = new ArrayList<>(1);
        wholeRepository.add(null);
        return wholeRepository;
    }

    /** Counts of one page. */
    private static final class PageStats {
        int published;
        LocalDate maxDatestamp;
        final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
        String firstSkippedIdentifier;

        void seen(String datestamp) {
            if (datestamp == null || datestamp.length() < 10) {
                return;
            }
            try {
                LocalDate day = LocalDate.parse(datestamp.substring(0, 10));
                if (maxDatestamp == null || day.isAfter(maxDatestamp)) {
                    maxDatestamp = day;
                }
            } catch (DateTimeParseException e) {
                // counted as a skipped record by the mapper
            }
        }

        void skipped(SkipReason reason, String identifier) {
            skipped.merge(reason, 1, Integer::sum);
            if (firstSkippedIdentifier == null) {
                firstSkippedIdentifier = identifier;
            }
        }

        int skippedTotal() {
            return skipped.values().stream().mapToInt(Integer::intValue).sum();
        }

        void report(IngestMetrics metrics, URI uri) {
            metrics.published(published);
            skipped.forEach((reason, count) -> metrics.skipped(reason.tag(), count));
            if (!skipped.isEmpty()) {
                log.atWarn().addKeyValue("source", metrics.source())
                        .log("skipped {} records of {} ({}; first: {})", skippedTotal(), uri, skipped, firstSkippedIdentifier);
            }
        }
    }
}
