package io.databroker.ingest.arxiv.oaipmh;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.databroker.ingest.arxiv.publish.ArxivRecordMapper;
import io.databroker.ingest.core.backfill.BackfillRecord;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.BoundedPolling;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ops.JobContext;

/**
 * An operator's backfill of arXiv (Operations API): the OAI-PMH window {@code from..until} of every configured set,
 * harvested beside the live harvest by a bounded {@link OaiPmhHarvester} with its own producer (transactional id)
 * and its own cursors ({@code backfill:arxiv:<prefix>:<set>}), so the live cursors never move.
 *
 * <p>Resumable: each page is committed with the backfill's cursor in one transaction, so a stopped, failed or
 * restarted backfill of the same window continues after its last committed page; a finished window, or another one,
 * starts afresh. Idempotent: records carry their natural ids ({@code arxiv:<id>v<version>}), so pages published
 * twice (the page cut by a crash, a window asked again) are duplicates downstream consumers drop by id.
 */
public final class ArxivBackfill {

    /** {@code source} of the backfill record. */
    public static final String SOURCE = "arxiv";

    /**
     * The days to harvest, both included (OAI-PMH {@code from} and {@code until}, day granularity).
     */
    public record Window(LocalDate from, LocalDate until) {

        public Window {
            if (from == null || until == null) {
                throw new IllegalArgumentException("a backfill needs both \"from\" and \"until\" (YYYY-MM-DD)");
            }
            if (from.isAfter(until)) {
                throw new IllegalArgumentException("\"from\" (" + from + ") is after \"until\" (" + until + ")");
            }
        }

        /** @throws IllegalArgumentException naming the field and the expected form */
        public static Window parse(String from, String until) {
            return new Window(day("from", from), day("until", until));
        }

        private static LocalDate day(String field, String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("\"" + field + "\" must be a day like 2026-01-31, was '" + text + "'", e);
            }
        }

        public Map<String, String> parameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("from", from.toString());
            parameters.put("until", until.toString());
            return parameters;
        }
    }

    /**
     * What every backfill shares with the live harvest, and how failures are paced.
     *
     * @param live            the live harvest's settings (endpoint, metadata prefix, sets, topic)
     * @param errorBackoff    pause after a failed page; doubles per further failure
     * @param maxErrorBackoff upper bound of that pause
     * @param giveUpAfter     the backfill fails when its pages have failed for this long without a success
     */
    public record Settings(OaiPmhHarvester.Settings live, Duration errorBackoff, Duration maxErrorBackoff,
                           Duration giveUpAfter) {
    }

    private final Settings settings;
    private final HttpFetcher fetcher;
    private final TransactionalPublisher publisher;
    private final IngestStateReader stateReader;
    private final IngestMetrics metrics;
    private final Clock clock;

    /**
     * @param fetcher   shared with the live harvest, so both together keep arXiv's one request per 3 seconds
     * @param publisher the backfill's own transactional producer
     */
    public ArxivBackfill(Settings settings, HttpFetcher fetcher, TransactionalPublisher publisher,
                         IngestStateReader stateReader, IngestMetrics metrics, Clock clock) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The window of a backfill that was running when the service stopped, to resume at start. */
    public Optional<Window> interrupted() {
        return BackfillRecord.read(stateReader, SOURCE).filter(BackfillRecord::running)
                .map(r -> Window.parse(r.parameters().get("from"), r.parameters().get("until")));
    }

    /**
     * Harvests {@code window} to its end. Progress: records published, or the list position when the repository
     * gives {@code completeListSize} (then also the total) and there is one set.
     */
    public void run(Window window, JobContext context) throws InterruptedException {
        BackfillRecord record = new BackfillRecord(SOURCE, window.parameters(), true);
        OaiPmhHarvester.Settings live = settings.live();
        OaiPmhHarvester harvester = new OaiPmhHarvester(new OaiPmhHarvester.Settings(live.baseUrl(), live.metadataPrefix(),
                live.sets(), window.from(), window.until(), BackfillRecord.positionKeyPrefix(SOURCE), live.topic()),
                fetcher, new ListRecordsParser(), new ArxivRecordMapper(), publisher, stateReader, metrics, clock);
        harvester.start();
        PollHealth health = new PollHealth(clock, settings.giveUpAfter());
        PollingLoop loop = new PollingLoop(harvester, Duration.ZERO, settings.errorBackoff(), settings.maxErrorBackoff(),
                health, metrics);
        boolean oneList = live.sets().size() <= 1;
        record.run(publisher, context::stopRequested, () -> BoundedPolling.run(loop, health, harvester::finished,
                () -> report(harvester.progress(), oneList, context)));
    }

    private static void report(OaiPmhHarvester.Progress progress, boolean oneList, JobContext context) {
        if (oneList && progress.completeListSize() != null && progress.listPosition() != null) {
            context.total(progress.completeListSize());
            context.done(progress.listPosition());
        } else {
            context.done(progress.published());
        }
    }
}
