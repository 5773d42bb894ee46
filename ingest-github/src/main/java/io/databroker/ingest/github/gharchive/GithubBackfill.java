package io.databroker.ingest.github.gharchive;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.backfill.BackfillRecord;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.BoundedPolling;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.ops.JobContext;

/**
 * An operator's GH Archive backfill (Operations API): the configured-backfill machinery ({@link GhArchiveBackfill}:
 * hour files streamed, chunks committed with their cursor) run for an hour range given at run time, beside the live
 * mode and any configured backfill, with its own producer and its cursor under {@code backfill:github:<range>}.
 *
 * <p>Resumable: a stopped, failed or restarted backfill of the same range continues after its last committed chunk;
 * a finished range asked again starts afresh from its first hour. Idempotent: events carry their ids
 * ({@code github:<id>}); lines published again (an hour re-read after a crash mid-chunk is not: the aborted chunk is
 * invisible) or events the live mode also saw are duplicates that consumers drop by id.
 */
public final class GithubBackfill implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GithubBackfill.class);
    /** {@code source} of the backfill record. */
    public static final String SOURCE = "github";

    /**
     * @param archiveUrl      GH Archive base URL
     * @param chunkLines      lines per transaction
     * @param maxLineBytes    longer lines are skipped
     * @param missingAfter    a 404 for an hour older than this = missing
     * @param notYetRetry     pause before asking again for an hour not archived yet
     * @param topic           {@code github_events}
     * @param errorBackoff    pause after a failed poll; doubles per further failure
     * @param maxErrorBackoff upper bound of that pause
     * @param giveUpAfter     the backfill fails when its polls have failed this long without a success
     */
    public record Settings(URI archiveUrl, int chunkLines, int maxLineBytes, Duration missingAfter, Duration notYetRetry,
                           String topic, Duration errorBackoff, Duration maxErrorBackoff, Duration giveUpAfter) {
    }

    private final Settings settings;
    private final HttpFetcher fetcher;
    private final GithubEventParser parser;
    private final TransactionalPublisher publisher;
    private final IngestStateReader stateReader;
    private final IngestMetrics metrics;
    private final GithubMetrics githubMetrics;
    private final Clock clock;

    /** @param publisher the operator backfill's own transactional producer; closed with this */
    public GithubBackfill(Settings settings, HttpFetcher fetcher, GithubEventParser parser, TransactionalPublisher publisher,
                          IngestStateReader stateReader, IngestMetrics metrics, GithubMetrics githubMetrics, Clock clock) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.parser = parser;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.metrics = metrics;
        this.githubMetrics = githubMetrics;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException naming the field and the accepted forms */
    public static HourRange range(String fromHour, String toHour) {
        if (fromHour == null || toHour == null) {
            throw new IllegalArgumentException("a backfill needs both \"fromHour\" and \"toHour\" (e.g. 2026-01-01T00)");
        }
        return new HourRange(GhArchiveHour.parse(fromHour), GhArchiveHour.parse(toHour));
    }

    public static Map<String, String> parameters(HourRange range) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("fromHour", range.from().toString());
        parameters.put("toHour", range.to().toString());
        return parameters;
    }

    /** The range of a backfill that was running when the service stopped, to resume at start. */
    public Optional<HourRange> interrupted() {
        return BackfillRecord.read(stateReader, SOURCE).filter(BackfillRecord::running)
                .map(r -> range(r.parameters().get("fromHour"), r.parameters().get("toHour")));
    }

    /** Backfills {@code range} to its last hour. Progress: hours done of the range's hours. */
    public void run(HourRange range, JobContext context) throws InterruptedException {
        GhArchiveBackfill.Settings archiveSettings = new GhArchiveBackfill.Settings(settings.archiveUrl(), range,
                settings.chunkLines(), settings.maxLineBytes(), settings.missingAfter(), settings.notYetRetry(),
                settings.topic(), false, BackfillRecord.positionKeyPrefix(SOURCE));
        restartIfFinished(archiveSettings.cursorKey(), range);
        GhArchiveBackfill archive = new GhArchiveBackfill(archiveSettings, fetcher, parser, publisher, stateReader,
                metrics, githubMetrics, clock);
        archive.start();
        context.total(range.hours());
        context.resumeAt(hoursDone(archive.cursor()));
        PollHealth health = new PollHealth(clock, settings.giveUpAfter());
        PollingLoop loop = new PollingLoop(archive, Duration.ZERO, settings.errorBackoff(), settings.maxErrorBackoff(),
                health, metrics);
        new BackfillRecord(SOURCE, parameters(range), true).run(publisher, context::stopRequested,
                () -> BoundedPolling.run(loop, health, archive::finished, () -> context.done(hoursDone(archive.cursor()))));
    }

    /** A range finished before is asked again on purpose: its cursor goes back to the first hour. */
    private void restartIfFinished(String key, HourRange range) {
        byte[] stored = stateReader.readLatest(key).get(key);
        boolean finished;
        try {
            finished = stored != null && BackfillCursor.fromJson(stored).finished();
        } catch (IllegalArgumentException e) {
            finished = false; // GhArchiveBackfill.start() warns about it and starts the range afresh
        }
        if (finished) {
            publisher.publish(List.of(), key, BackfillCursor.initial(range).toJson());
            log.info("GH Archive backfill of {} was complete; running it again from its first hour", range);
        }
    }

    private static long hoursDone(BackfillCursor cursor) {
        return cursor.range().hoursBefore(cursor.hour()) + (cursor.hourComplete() ? 1 : 0);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
