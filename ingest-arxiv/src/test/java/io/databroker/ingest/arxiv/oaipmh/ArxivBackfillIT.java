package io.databroker.ingest.arxiv.oaipmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.backfill.BackfillRecord;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.IngestTopics;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An operator's arXiv backfill against a real broker and a local OAI-PMH endpoint: bounded (from..until, ends after
 * the window's last page, the live cursor untouched), resumable after a restart (continues after the last committed
 * page), idempotent (a window run again republishes the same ids).
 */
class ArxivBackfillIT {

    private static final String XML = "text/xml; charset=utf-8";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WINDOW = "/oai?verb=ListRecords&metadataPrefix=arXivRaw&from=2014-10-01&until=2014-12-31";
    private static final String PAGE_2 = "/oai?verb=ListRecords&resumptionToken=726959%7C1001";
    private static final String PAGE_3 = "/oai?verb=ListRecords&resumptionToken=726959%7C2001";
    private static final ArxivBackfill.Window Q4 = ArxivBackfill.Window.parse("2014-10-01", "2014-12-31");
    private static final int RECORDS = 15;
    private static final String LIVE_KEY = HarvestCursor.key("arXivRaw", null);

    private final IngestTopics kafka = new IngestTopics(KafkaBroker.shared(), "arxiv_raw", 3);
    private final FixtureHttpServer http = FixtureHttpServer.start();
    private final List<TransactionalPublisher> publishers = new ArrayList<>();
    private final List<JobRunner> runners = new ArrayList<>();

    @AfterEach
    void tearDown() {
        runners.forEach(JobRunner::close);
        publishers.forEach(TransactionalPublisher::close);
        http.close();
    }

    @Test
    void harvestsTheBoundedWindowAndEndsLeavingTheLiveCursorAlone() {
        scriptWindow(Response.ok(XML, Fixtures.bytes("list-records-arxivraw-page-2.xml")));
        byte[] liveCursor = HarvestCursor.initial("arXivRaw", null, java.time.LocalDate.of(2026, 1, 1)).toJson();
        publisher("live").publish(List.of(), LIVE_KEY, liveCursor);
        JobRunner jobs = runner();

        JobStatus finished = runToEnd(jobs, backfill());

        assertThat(finished.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(finished.total()).as("completeListSize of the list").isEqualTo(7L);
        assertThat(finished.done()).isEqualTo(7L);
        assertThat(http.requests()).extracting(FixtureHttpServer.RecordedRequest::pathAndQuery)
                .containsExactly(WINDOW, PAGE_2, PAGE_3);
        assertThat(ids(kafka.awaitCommitted(RECORDS))).hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(stateReader().readLatest(LIVE_KEY).get(LIVE_KEY)).as("live cursor unchanged").isEqualTo(liveCursor);
        assertThat(BackfillRecord.read(stateReader(), "arxiv")).hasValueSatisfying(r -> {
            assertThat(r.running()).isFalse();
            assertThat(r.parameters()).containsEntry("from", "2014-10-01").containsEntry("until", "2014-12-31");
        });
    }

    @Test
    void resumesAfterARestartAtThePageAfterTheLastCommittedOne() throws InterruptedException {
        scriptWindow(Response.of(500)); // page 2 keeps failing: the backfill retries it until the "restart"
        JobRunner before = runner();
        before.start("backfill", Map.of(), context -> backfill().run(Q4, context));
        Await.until(TIMEOUT, "page 2 asked again after a failure", () -> http.requests().stream()
                .filter(r -> r.pathAndQuery().equals(PAGE_2)).count() >= 2);
        before.close(); // the service stops: no operator stop, so the backfill stays "running"
        int requestsBefore = settledRequestCount();

        ArxivBackfill restarted = backfill();
        assertThat(restarted.interrupted()).contains(Q4);
        http.respond(PAGE_2, Response.ok(XML, Fixtures.bytes("list-records-arxivraw-page-2.xml")));
        JobStatus finished = runToEnd(runner(), restarted);

        assertThat(finished.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(http.requests().subList(requestsBefore, http.requests().size()))
                .extracting(FixtureHttpServer.RecordedRequest::pathAndQuery)
                .as("continues with page 2, not the window's first page").containsExactly(PAGE_2, PAGE_3);
        assertThat(ids(kafka.awaitCommitted(RECORDS))).as("every record exactly once").hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(restarted.interrupted()).isEmpty();
    }

    @Test
    void aStoppedBackfillIsNotResumedAtStartButContinuesWhenStartedAgain() throws InterruptedException {
        scriptWindow(Response.of(500));
        JobRunner jobs = runner();
        jobs.start("backfill", Map.of(), context -> backfill().run(Q4, context));
        Await.until(TIMEOUT, "page 1 committed", () -> http.requests().stream().anyMatch(r -> r.pathAndQuery().equals(PAGE_2)));

        assertThat(jobs.stop("backfill")).hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(JobStatus.State.STOPPED));
        assertThat(backfill().interrupted()).as("an operator's stop is not undone by a restart").isEmpty();

        http.respond(PAGE_2, Response.ok(XML, Fixtures.bytes("list-records-arxivraw-page-2.xml")));
        int requestsBefore = settledRequestCount();
        assertThat(runToEnd(jobs, backfill()).state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(http.requests().subList(requestsBefore, http.requests().size()))
                .extracting(FixtureHttpServer.RecordedRequest::pathAndQuery).containsExactly(PAGE_2, PAGE_3);
    }

    @Test
    void aFinishedWindowRunAgainRepublishesTheSameIds() {
        scriptWindow(Response.ok(XML, Fixtures.bytes("list-records-arxivraw-page-2.xml")));
        JobRunner jobs = runner();
        runToEnd(jobs, backfill());
        List<String> first = ids(kafka.awaitCommitted(RECORDS));

        JobStatus again = runToEnd(jobs, backfill());

        assertThat(again.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        List<String> all = ids(kafka.awaitCommitted(2 * RECORDS));
        assertThat(all).hasSize(2 * RECORDS);
        assertThat(all.stream().distinct().toList()).as("same natural ids: duplicates downstream drops")
                .containsExactlyInAnyOrderElementsOf(first);
    }

    private JobStatus runToEnd(JobRunner jobs, ArxivBackfill backfill) {
        jobs.start("backfill", Q4.parameters().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> (Object) e.getValue())), context -> backfill.run(Q4, context));
        return Await.untilValue(TIMEOUT, "backfill ends", () -> jobs.status("backfill").orElseThrow(), s -> !s.running());
    }

    private void scriptWindow(Response page2) {
        http.respond(WINDOW, Response.ok(XML, Fixtures.bytes("list-records-arxivraw-page-1.xml")));
        http.respond(PAGE_2, page2);
        http.respond(PAGE_3, Response.ok(XML, Fixtures.bytes("list-records-arxivraw-page-3-last.xml")));
    }

    /** A backfill as one process would build it; a new one after a "restart" shares the transactional id. */
    private ArxivBackfill backfill() {
        Clock clock = Clock.systemUTC();
        IngestMetrics metrics = new IngestMetrics("arxiv", new SimpleMeterRegistry(), clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 10_000_000,
                "data-broker-test", Duration.ofMillis(1), 1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));
        OaiPmhHarvester.Settings live = new OaiPmhHarvester.Settings(URI.create(http.url("/oai")), "arXivRaw", List.of(),
                null, kafka.recordsTopic());
        return new ArxivBackfill(new ArxivBackfill.Settings(live, Duration.ofMillis(20), Duration.ofMillis(50),
                Duration.ofMinutes(10)), new HttpFetcher(fetch, clock, metrics), publisher("backfill"), stateReader(),
                metrics, clock);
    }

    private TransactionalPublisher publisher(String mode) {
        TransactionalPublisher publisher = TransactionalPublisher.forKafka(kafka.producerConfig(),
                kafka.unique("ingest-arxiv-it-" + mode), kafka.stateTopic());
        publishers.add(publisher);
        return publisher;
    }

    private IngestStateReader stateReader() {
        return IngestStateReader.forKafka(kafka.consumerConfig(), kafka.stateTopic(), Duration.ofSeconds(30));
    }

    private JobRunner runner() {
        JobRunner runner = new JobRunner(Clock.systemUTC());
        runners.add(runner);
        return runner;
    }

    private static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> CloudEventHeaders.text(r.headers(), CloudEventHeaders.ID)).toList();
    }

    /**
     * The number of requests once the stopped job's last one has arrived: an interrupted {@code HttpClient.send}
     * returns at once, but the client's own threads may still deliver the request it had started.
     */
    private int settledRequestCount() throws InterruptedException {
        int count;
        do {
            count = http.requests().size();
            Thread.sleep(500);
        } while (http.requests().size() != count);
        return count;
    }
}
