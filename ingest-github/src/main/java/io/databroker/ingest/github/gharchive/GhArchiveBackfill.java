package io.databroker.ingest.github.gharchive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.http.FetchRequest;
import io.databroker.ingest.core.http.FetchResponse;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.poll.Poller;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.metrics.GithubMetrics.HourResult;
import io.databroker.ingest.github.publish.GithubEnvelope;
import io.databroker.ingest.github.publish.GithubEvent;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.ingest.github.publish.InvalidEventException;
import io.databroker.ingest.github.publish.SkipReason;

/**
 * Backfills a range of GH Archive hours, one hour file per poll: the {@code .json.gz} is streamed, gunzipped (on a
 * read-ahead thread) and split into lines as it downloads (memory stays flat for 200 MB files), and every
 * {@code chunkLines} lines are committed in one Kafka transaction together with the {@link BackfillCursor} naming the
 * last line covered.
 *
 * <p>A failure mid-file (connection cut, truncated or corrupt gzip, Kafka) aborts the open chunk's transaction: the
 * chunks before it stay committed with their cursor, none of the aborted chunk is visible, and the retry re-reads
 * the file and resumes at the line after the cursor. So no line is published twice or lost. Missing hours (404 once
 * the hour is {@code missingAfter} old) are skipped with a metric; a 404 for a younger hour means "not yet archived"
 * and is asked again later.
 */
public final class GhArchiveBackfill implements Poller {

    private static final Logger log = LoggerFactory.getLogger(GhArchiveBackfill.class);
    /** Per hour, so a garbled file cannot flood the log; the rest are counted. */
    private static final int MAX_WARNINGS_PER_HOUR = 50;
    /** Gunzipped bytes read ahead of the parser: at most 4 × 256 KB per hour being read. */
    private static final int READ_AHEAD_BLOCK = 256 * 1024;
    private static final int READ_AHEAD_BLOCKS = 4;

    /**
     * What to backfill.
     *
     * @param archiveUrl        GH Archive base URL; files are {@code <archiveUrl>/YYYY-MM-DD-H.json.gz}
     * @param range             the hours, both ends included
     * @param chunkLines        lines per Kafka transaction (and per cursor step)
     * @param maxLineBytes      longer lines are skipped as oversized without being buffered
     * @param missingAfter      a 404 for an hour that ended longer ago than this means the hour is missing
     * @param notYetRetry       when a younger hour answers 404, ask again after this
     * @param topic             where events go ({@code github_events})
     * @param reportsLag        true when this mode feeds the source-lag gauge (the live mode does when it runs)
     * @param keyPrefix         prefix of the cursor key ({@link BackfillCursor#KEY_PREFIX} for the configured
     *                          backfill; an operator's backfill has its own, so the two never share a cursor)
     */
    public record Settings(URI archiveUrl, HourRange range, int chunkLines, int maxLineBytes, Duration missingAfter,
                           Duration notYetRetry, String topic, boolean reportsLag, String keyPrefix) {

        /** The configured backfill's settings (cursor under {@link BackfillCursor#KEY_PREFIX}). */
        public Settings(URI archiveUrl, HourRange range, int chunkLines, int maxLineBytes, Duration missingAfter,
                        Duration notYetRetry, String topic, boolean reportsLag) {
            this(archiveUrl, range, chunkLines, maxLineBytes, missingAfter, notYetRetry, topic, reportsLag,
                    BackfillCursor.KEY_PREFIX);
        }

        /** The key of this range's cursor. */
        public String cursorKey() {
            return keyPrefix + range;
        }

        public Settings {
            Objects.requireNonNull(archiveUrl, "archiveUrl");
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(missingAfter, "missingAfter");
            Objects.requireNonNull(notYetRetry, "notYetRetry");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (chunkLines < 1) {
                throw new IllegalArgumentException("chunkLines must be >= 1, was " + chunkLines);
            }
        }
    }

    private final Settings settings;
    private final HttpFetcher fetcher;
    private final GithubEventParser parser;
    private final TransactionalPublisher publisher;
    private final IngestStateReader stateReader;
    private final IngestMetrics metrics;
    private final GithubMetrics githubMetrics;
    private final Clock clock;
    private final String ceSource;
    private final GithubEnvelope envelope;
    private volatile BackfillCursor cursor;

    public GhArchiveBackfill(Settings settings, HttpFetcher fetcher, GithubEventParser parser,
                             TransactionalPublisher publisher, IngestStateReader stateReader, IngestMetrics metrics,
                             GithubMetrics githubMetrics, Clock clock) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.parser = parser;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.metrics = metrics;
        this.githubMetrics = githubMetrics;
        this.clock = clock;
        this.ceSource = stripSlash(settings.archiveUrl().toString());
        this.envelope = new GithubEnvelope(ceSource);
        this.cursor = BackfillCursor.initial(settings.range());
    }

    /**
     * Fences any earlier instance (its open chunk is aborted), then restores the cursor of this range from
     * {@code broker_ingest_state}; in this order, so no transaction of ours is pending while it is read.
     */
    public synchronized void start() {
        publisher.start();
        String key = settings.cursorKey();
        byte[] stored = stateReader.readLatest(key).get(key);
        BackfillCursor restored = null;
        if (stored != null) {
            try {
                restored = BackfillCursor.fromJson(stored);
            } catch (IllegalArgumentException e) {
                // Starting the range again republishes (ids make that harmless downstream); guessing could skip.
                log.warn("ignoring unreadable cursor {}: {}", key, e.getMessage());
            }
        }
        cursor = restored != null ? restored : BackfillCursor.initial(settings.range());
        log.info("GH Archive backfill of {} {}", settings.range(), cursor.finished() ? "is already complete"
                : "resumes at " + cursor.nextHour() + " line " + (cursor.linesDone() + 1));
    }

    /** True once every hour of the range is complete; the schedule then stops polling. */
    public boolean finished() {
        return cursor.finished();
    }

    /** The cursor held now, for tests and diagnostics. */
    public BackfillCursor cursor() {
        return cursor;
    }

    /** Reads (the rest of) the next hour file. */
    @Override
    public synchronized PollOutcome poll() throws IOException, InterruptedException {
        if (cursor.finished()) {
            return PollOutcome.notModified();
        }
        GhArchiveHour hour = cursor.nextHour();
        URI uri = URI.create(ceSource + "/" + hour.fileName());
        FetchResponse response;
        try {
            response = fetcher.fetch(FetchRequest.get(uri).withHeader("Accept", "application/gzip, application/octet-stream;q=0.9, */*;q=0.1"));
        } catch (SourceHttpException e) {
            if (e.status() == 404) {
                return notFound(hour, uri);
            }
            throw e;
        }
        try (response) {
            int published = readHour(hour, uri, response.body());
            return cursor.finished() ? PollOutcome.published(published) : PollOutcome.published(published).continueAtOnce();
        }
    }

    private PollOutcome notFound(GhArchiveHour hour, URI uri) {
        if (clock.instant().isBefore(hour.end().plus(settings.missingAfter()))) {
            log.info("GH Archive has no {} yet ({} answered 404); asking again in {}", hour, uri, settings.notYetRetry());
            return PollOutcome.notModified().nextPollIn(settings.notYetRetry());
        }
        BackfillCursor next = cursor.hourDone(hour, 0);
        try (TransactionalPublisher.Transaction transaction = publisher.begin()) {
            transaction.commit(settings.cursorKey(), next.toJson());
        }
        cursor = next;
        githubMetrics.hour(HourResult.MISSING);
        log.atWarn().addKeyValue("source", metrics.source()).addKeyValue("hour", hour.toString())
                .log("GH Archive hour {} is missing ({} answered 404); skipped", hour, uri);
        return next.finished() ? PollOutcome.published(0) : PollOutcome.published(0).continueAtOnce();
    }

    /** Streams one hour file into chunk transactions; returns the events published. */
    private int readHour(GhArchiveHour hour, URI uri, InputStream body) throws IOException, InterruptedException {
        long resumeAfter = cursor.linesDone();
        Instant fetchedAt = clock.instant();
        byte[] ingestedAt = GithubEventParser.ingestedAtField(fetchedAt);
        HourStats stats = new HourStats(hour, uri);
        Chunk chunk = new Chunk();
        TransactionalPublisher.Transaction transaction = null;
        LineReader lines = null;
        ReadAheadInputStream unzipped = null;
        try {
            // Download and gunzip on a thread of their own, while this one parses and publishes.
            unzipped = ReadAheadInputStream.start(new GZIPInputStream(body, 64 * 1024), READ_AHEAD_BLOCK,
                    READ_AHEAD_BLOCKS, "gharchive-read-" + hour);
            lines = new LineReader(unzipped, settings.maxLineBytes());
            while (lines.next()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while reading " + uri + " at line " + lines.lineNumber());
                }
                long line = lines.lineNumber();
                if (line <= resumeAfter) {
                    continue; // committed by an earlier attempt
                }
                if (transaction == null) {
                    transaction = publisher.begin();
                }
                publishLine(lines, transaction, ingestedAt, chunk, stats);
                if (++chunk.lines >= settings.chunkLines()) {
                    commit(transaction, cursor.afterChunk(hour, line), chunk, stats);
                    transaction = null;
                    chunk = new Chunk();
                }
            }
            if (transaction == null) {
                transaction = publisher.begin();
            }
            commit(transaction, cursor.hourDone(hour, lines.lineNumber()), chunk, stats);
            transaction = null;
        } catch (ZipException e) {
            throw new MalformedSourceDataException(failedAt(uri, lines, "not a valid gzip stream: " + e.getMessage()), e);
        } catch (EOFException e) {
            throw new IOException(failedAt(uri, lines, "the gzip stream is truncated"), e);
        } catch (IOException e) {
            throw new IOException(failedAt(uri, lines, e.getMessage()), e);
        } finally {
            if (transaction != null) {
                transaction.close(); // aborts the chunk being read
            }
            if (unzipped != null) {
                unzipped.close();
            }
        }
        githubMetrics.hour(HourResult.COMPLETE);
        stats.report(lines.lineNumber());
        return stats.published;
    }

    private void publishLine(LineReader lines, TransactionalPublisher.Transaction transaction, byte[] ingestedAt,
                             Chunk chunk, HourStats stats) {
        if (lines.oversized()) {
            chunk.skipped(SkipReason.OVERSIZED);
            stats.warn(lines.lineNumber(), SkipReason.OVERSIZED, "line longer than " + settings.maxLineBytes() + " bytes");
            return;
        }
        if (lines.blank()) {
            return; // not an event; GH Archive files end with a newline
        }
        try {
            GithubEvent event = parser.parse(lines.buffer(), lines.offset(), lines.length(), ingestedAt);
            transaction.send(envelope.record(settings.topic(), event));
            chunk.published++;
            chunk.lastCreatedAt = event.createdAt();
        } catch (InvalidEventException e) {
            chunk.skipped(e.reason());
            stats.warn(lines.lineNumber(), e.reason(), e.getMessage());
        }
    }

    private void commit(TransactionalPublisher.Transaction transaction, BackfillCursor next, Chunk chunk, HourStats stats) {
        transaction.commit(settings.cursorKey(), next.toJson());
        cursor = next;
        // Counted only once committed: a chunk that is aborted and read again must not count twice.
        metrics.published(chunk.published);
        chunk.skipped.forEach((reason, count) -> metrics.skipped(reason.tag(), count));
        stats.add(chunk);
        if (settings.reportsLag()) {
            metrics.cursorAt(next.hourComplete() ? next.hour().end() : chunk.lastCreatedAt);
        }
        log.debug("committed {} line {}: {} events in this chunk", next.hour(), next.line(), chunk.published);
    }

    private String failedAt(URI uri, LineReader lines, String reason) {
        long line = lines == null ? 0 : lines.lineNumber();
        return "reading " + uri + " failed after line " + line + ": " + reason + "; lines 1.." + cursor.linesDone()
                + " are committed, the retry resumes at line " + (cursor.linesDone() + 1);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** One transaction's worth of lines. */
    private static final class Chunk {
        int lines;
        int published;
        Instant lastCreatedAt;
        final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);

        void skipped(SkipReason reason) {
            skipped.merge(reason, 1, Integer::sum);
        }
    }

    /** Counts of one hour, for its summary line; warnings per skipped line up to a cap. */
    private final class HourStats {
        final GhArchiveHour hour;
        final URI uri;
        int published;
        int warnings;
        final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);

        HourStats(GhArchiveHour hour, URI uri) {
            this.hour = hour;
            this.uri = uri;
        }

        void add(Chunk chunk) {
            published += chunk.published;
            chunk.skipped.forEach((reason, count) -> skipped.merge(reason, count, Integer::sum));
        }

        void warn(long line, SkipReason reason, String message) {
            if (++warnings > MAX_WARNINGS_PER_HOUR) {
                return;
            }
            log.atWarn().addKeyValue("source", metrics.source()).addKeyValue("hour", hour.toString())
                    .addKeyValue("line", line).addKeyValue("reason", reason.tag())
                    .log("skipped line {} of {} ({}): {}{}", line, uri, reason.tag(), message,
                            warnings == MAX_WARNINGS_PER_HOUR ? "; further skipped lines of this hour are only counted" : "");
        }

        void report(long lines) {
            log.atInfo().addKeyValue("source", metrics.source()).addKeyValue("hour", hour.toString())
                    .log("GH Archive {}: {} lines, {} events published in this pass, skipped {} ({})", hour, lines,
                            published, skipped.isEmpty() ? "none" : skipped, uri);
        }
    }
}
