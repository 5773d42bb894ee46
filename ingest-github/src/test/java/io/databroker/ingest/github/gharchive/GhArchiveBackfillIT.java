package io.databroker.ingest.github.gharchive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.poll.PollResult;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.github.GithubFixtures;
import io.databroker.ingest.github.TestKafka;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.RecordedRequest;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The backfill against a real broker and a local GH Archive serving gzipped hour files made from our fixtures:
 * chunked transactions, missing and not-yet-archived hours, truncated gzip, a crash mid-hour, bad lines, all checked
 * with read_committed.
 */
class GhArchiveBackfillIT {

    private static final String GZIP = "application/gzip";
    private static final int CHUNK = 10;
    private static final GhArchiveHour H12 = GhArchiveHour.parse("2015-01-01-12");
    private static final GhArchiveHour H14 = GhArchiveHour.parse("2015-01-01-14");
    private static final GhArchiveHour H15 = GhArchiveHour.parse("2015-01-01-15");

    private final TestKafka kafka = new TestKafka();
    private final FixtureHttpServer http = FixtureHttpServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TransactionalPublisher> publishers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        publishers.forEach(TransactionalPublisher::close);
        http.close();
    }

    @Test
    void backfillsThreeHoursSkippingAMissingOneAndRetryingATruncatedGzip() throws Exception {
        byte[] hour14 = GithubFixtures.archiveFile("2015-01-01-14.json");
        http.respond("/2015-01-01-12.json.gz", Response.ok(GZIP, GithubFixtures.archiveFile("2015-01-01-12.json")));
        http.respond("/2015-01-01-14.json.gz", Response.ok(GZIP, Arrays.copyOf(hour14, hour14.length * 6 / 10)),
                Response.ok(GZIP, hour14));
        Backfill backfill = start(new HourRange(H12, H14), Clock.systemUTC());

        assertThat(backfill.loop.pollOnce()).as("the next hour follows at once").isZero();
        assertThat(backfill.loop.pollOnce()).as("2015-01-01-13 answers 404: skipped").isZero();
        backfill.loop.pollOnce();
        BackfillCursor afterTruncation = backfill.archive.cursor();
        backfill.loop.pollOnce();

        assertThat(polls(PollResult.IO_ERROR)).as("the truncated gzip failed one poll").isEqualTo(1.0);
        assertThat(afterTruncation.hour()).isEqualTo(H14);
        assertThat(afterTruncation.hourComplete()).isFalse();
        assertThat(afterTruncation.line()).as("the chunks read before the cut stay committed").isPositive();
        assertThat(backfill.archive.finished()).isTrue();
        assertThat(http.requests()).extracting(RecordedRequest::pathAndQuery).containsExactly(
                "/2015-01-01-12.json.gz", "/2015-01-01-13.json.gz", "/2015-01-01-14.json.gz", "/2015-01-01-14.json.gz");
        List<String> expected = ids("2015-01-01-12.json", "2015-01-01-14.json");
        assertThat(kafka.awaitCommittedIds(70)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(hours("complete")).isEqualTo(2.0);
        assertThat(hours("missing")).isEqualTo(1.0);
        assertThat(published()).isEqualTo(70.0);
        BackfillCursor stored = BackfillCursor.fromJson(kafka.cursor(BackfillCursor.key(new HourRange(H12, H14))));
        assertThat(stored).isEqualTo(BackfillCursor.initial(new HourRange(H12, H14)).hourDone(H14, 30));
    }

    @Test
    void aRestartInTheMiddleOfAnHourResumesAtTheNextLineWithoutDuplicates() throws Exception {
        byte[] hour12 = GithubFixtures.archiveFile("2015-01-01-12.json");
        http.respond("/2015-01-01-12.json.gz", Response.ok(GZIP, Arrays.copyOf(hour12, hour12.length * 7 / 10)),
                Response.ok(GZIP, hour12));
        HourRange range = new HourRange(H12, H12);
        Backfill first = start(range, Clock.systemUTC());
        first.loop.pollOnce();
        long committedLines = first.archive.cursor().line();
        // The process dies while the next chunk is open: a record of it is sent but never committed.
        TransactionalPublisher.Transaction open = first.publisher.begin();
        open.send(new ProducerRecord<>(kafka.eventsTopic(), "2489582999", "{\"half\":\"chunk\"}".getBytes(StandardCharsets.UTF_8)));

        Backfill restarted = start(range, Clock.systemUTC());
        BackfillCursor resumed = restarted.archive.cursor();
        PollOutcome outcome = restarted.archive.poll();

        assertThat(committedLines).isGreaterThanOrEqualTo(CHUNK).isLessThan(40);
        assertThat(resumed.linesDone()).isEqualTo(committedLines);
        assertThat(outcome.published()).as("only the lines after the cursor").isEqualTo(40 - (int) committedLines);
        List<ConsumerRecord<String, byte[]>> records = kafka.awaitCommitted(40);
        assertThat(records).extracting(r -> CloudEventHeaders.text(r.headers(), CloudEventHeaders.ID))
                .containsExactlyInAnyOrderElementsOf(ids("2015-01-01-12.json"));
        assertThat(records).extracting(ConsumerRecord::key).doesNotContain("2489582999");
        assertThat(restarted.archive.finished()).isTrue();
    }

    @Test
    void malformedLinesAreCountedAndLoggedWithTheirLineNumberAndTheirNeighboursPublished() throws Exception {
        http.respond("/2015-01-01-15.json.gz", Response.ok(GZIP, GithubFixtures.archiveFile("2015-01-01-15-with-bad-lines.json")));
        ListAppender<ILoggingEvent> logged = captureLog();
        Backfill backfill = start(new HourRange(H15, H15), Clock.systemUTC());

        Thread run = new Thread(new BackfillRun(backfill.archive, backfill.loop), "backfill-under-test");
        run.start();
        Await.until(Duration.ofSeconds(30), "the backfill to finish", backfill.archive::finished);
        run.join(10_000);

        assertThat(kafka.awaitCommittedIds(7)).containsExactlyInAnyOrderElementsOf(
                GithubFixtures.idsOfArchive("2015-01-01-15-with-bad-lines.json").stream().map(id -> "github:" + id).toList());
        assertThat(skipped("malformed")).isEqualTo(2.0);
        assertThat(skipped("invalid_event")).isEqualTo(1.0);
        assertThat(logged.list).filteredOn(e -> e.getFormattedMessage().startsWith("skipped line"))
                .extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("skipped line 3 of " + http.url("/2015-01-01-15.json.gz") + " (malformed)"),
                        m -> assertThat(m).startsWith("skipped line 6 of").contains("(invalid_event)", "no created_at"),
                        m -> assertThat(m).startsWith("skipped line 8 of").contains("(malformed)"));
        assertThat(run.isAlive()).as("a finished backfill ends its thread").isFalse();
    }

    @Test
    void anHourNotArchivedYetIsAskedForAgainLaterNotSkipped() throws Exception {
        Clock halfAnHourAfterTheHour = Clock.fixed(Instant.parse("2015-01-01T13:30:00Z"), ZoneOffset.UTC);
        Backfill backfill = start(new HourRange(H12, H12), halfAnHourAfterTheHour);

        PollOutcome outcome = backfill.archive.poll();

        assertThat(outcome.result()).isEqualTo(PollResult.NOT_MODIFIED);
        assertThat(outcome.nextPollIn()).isEqualTo(Duration.ofMinutes(10));
        assertThat(backfill.archive.cursor()).isEqualTo(BackfillCursor.initial(new HourRange(H12, H12)));
        assertThat(hours("missing")).isZero();
    }

    /** One running backfill with its own clients, as one process would have them. */
    private record Backfill(GhArchiveBackfill archive, PollingLoop loop, TransactionalPublisher publisher) {
    }

    private Backfill start(HourRange range, Clock clock) {
        IngestMetrics metrics = new IngestMetrics("github", registry, clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 100_000_000,
                "data-broker-test", Duration.ZERO, 1, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));
        TransactionalPublisher publisher = kafka.publisher("backfill");
        publishers.add(publisher);
        GhArchiveBackfill archive = new GhArchiveBackfill(new GhArchiveBackfill.Settings(URI.create(http.url("/")), range,
                CHUNK, 1_000_000, Duration.ofHours(12), Duration.ofMinutes(10), kafka.eventsTopic(), true),
                new HttpFetcher(fetch, clock, metrics), new GithubEventParser(1_000_000), publisher, kafka.stateReader(),
                metrics, new GithubMetrics(registry), clock);
        archive.start();
        PollHealth health = new PollHealth(clock, Duration.ofMinutes(30));
        return new Backfill(archive, new PollingLoop(archive, Duration.ZERO, Duration.ofMillis(10), Duration.ofMillis(10),
                health, metrics), publisher);
    }

    private static List<String> ids(String... fixtures) {
        List<String> ids = new ArrayList<>();
        for (String fixture : fixtures) {
            GithubFixtures.idsOfArchive(fixture).forEach(id -> ids.add("github:" + id));
        }
        return ids;
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(GhArchiveBackfill.class)).addAppender(appender);
        return appender;
    }

    private double polls(PollResult result) {
        var counter = registry.find(MetricNames.INGEST_POLLS).tags(MetricNames.TAG_RESULT, result.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double skipped(String reason) {
        var counter = registry.find(MetricNames.EVENTS_SKIPPED).tags(MetricNames.TAG_REASON, reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double published() {
        var counter = registry.find(MetricNames.EVENTS_PROCESSED).tags(MetricNames.TAG_STAGE, "published").counter();
        return counter == null ? 0 : counter.count();
    }

    private double hours(String result) {
        var counter = registry.find(GithubMetrics.ARCHIVE_HOURS).tags(MetricNames.TAG_RESULT, result).counter();
        return counter == null ? 0 : counter.count();
    }
}
