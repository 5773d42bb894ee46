package io.databroker.ingest.github.gharchive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.backfill.BackfillRecord;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.github.GithubFixtures;
import io.databroker.ingest.github.TestKafka;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.ops.JobRunner;
import io.databroker.ops.JobStatus;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An operator's GH Archive backfill against a real broker and a local GH Archive: bounded (the range's hours, then
 * it ends; its cursor apart from the configured backfill's), resumable after a restart (continues after the last
 * committed chunk), idempotent (a range run again republishes the same ids).
 */
class GithubBackfillIT {

    private static final String GZIP = "application/gzip";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HourRange RANGE = GithubBackfill.range("2015-01-01T12", "2015-01-01T14");
    private static final String HOUR_12 = "/2015-01-01-12.json.gz";
    private static final String HOUR_14 = "/2015-01-01-14.json.gz";

    private final TestKafka kafka = new TestKafka();
    private final FixtureHttpServer http = FixtureHttpServer.start();
    private final List<GithubBackfill> backfills = new ArrayList<>();
    private final List<JobRunner> runners = new ArrayList<>();

    @AfterEach
    void tearDown() {
        runners.forEach(JobRunner::close);
        backfills.forEach(GithubBackfill::close);
        http.close();
    }

    @Test
    void backfillsTheRangeUnderItsOwnCursorAndEnds() {
        serveHours(GithubFixtures.archiveFile("2015-01-01-14.json"));

        JobStatus finished = runToEnd(runner(), backfill());

        assertThat(finished.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(finished.total()).isEqualTo(3L);
        assertThat(finished.done()).isEqualTo(3L);
        assertThat(kafka.awaitCommittedIds(allIds().size())).containsExactlyInAnyOrderElementsOf(allIds());
        assertThat(kafka.cursor(BackfillCursor.key(RANGE))).as("the configured backfill's cursor is not touched").isNull();
        assertThat(kafka.cursor("backfill:github:" + RANGE)).isNotNull();
        assertThat(BackfillRecord.read(kafka.stateReader(), "github")).hasValueSatisfying(r -> assertThat(r.running()).isFalse());
    }

    @Test
    void resumesAfterARestartAfterTheLastCommittedChunk() {
        byte[] hour14 = GithubFixtures.archiveFile("2015-01-01-14.json");
        serveHours(Arrays.copyOf(hour14, hour14.length * 6 / 10)); // hour 14 keeps arriving truncated
        JobRunner before = runner();
        GithubBackfill first = backfill();
        before.start("backfill", new LinkedHashMap<>(), context -> first.run(RANGE, context));
        Await.until(TIMEOUT, "hour 14 asked again after a truncated download", () -> http.requests(HOUR_14).size() >= 2);
        before.close(); // the service stops: the backfill stays "running"

        GithubBackfill restarted = backfill();
        assertThat(restarted.interrupted()).contains(RANGE);
        http.respond(HOUR_14, Response.ok(GZIP, hour14));
        int hour12Requests = http.requests(HOUR_12).size();
        JobStatus finished = runToEnd(runner(), restarted);

        assertThat(finished.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(http.requests(HOUR_12)).as("hour 12 was complete: not read again").hasSize(hour12Requests);
        List<String> ids = kafka.awaitCommittedIds(allIds().size());
        assertThat(ids).as("every event exactly once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allIds());
        assertThat(restarted.interrupted()).isEmpty();
    }

    @Test
    void aFinishedRangeRunAgainRepublishesTheSameIds() {
        serveHours(GithubFixtures.archiveFile("2015-01-01-14.json"));
        JobRunner jobs = runner();
        runToEnd(jobs, backfill());

        JobStatus again = runToEnd(jobs, backfill());

        assertThat(again.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(http.requests(HOUR_12)).as("run again from its first hour").hasSize(2);
        List<String> ids = kafka.awaitCommittedIds(2 * allIds().size());
        assertThat(ids).hasSize(2 * allIds().size());
        assertThat(ids.stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(allIds());
    }

    private JobStatus runToEnd(JobRunner jobs, GithubBackfill backfill) {
        jobs.start("backfill", new LinkedHashMap<>(GithubBackfill.parameters(RANGE)), context -> backfill.run(RANGE, context));
        return Await.untilValue(TIMEOUT, "backfill ends", () -> jobs.status("backfill").orElseThrow(), s -> !s.running());
    }

    /** Hours 12 and 14; 13 is missing (404), long enough ago to be skipped. */
    private void serveHours(byte[] hour14) {
        http.respond(HOUR_12, Response.ok(GZIP, GithubFixtures.archiveFile("2015-01-01-12.json")));
        http.respond(HOUR_14, Response.ok(GZIP, hour14));
    }

    private static List<String> allIds() {
        List<String> ids = new ArrayList<>();
        GithubFixtures.idsOfArchive("2015-01-01-12.json").forEach(id -> ids.add("github:" + id));
        GithubFixtures.idsOfArchive("2015-01-01-14.json").forEach(id -> ids.add("github:" + id));
        return ids;
    }

    /** A backfill as one process builds it; after a "restart" the new one shares the transactional id. */
    private GithubBackfill backfill() {
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestMetrics metrics = new IngestMetrics("github", registry, clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 100_000_000,
                "data-broker-test", Duration.ZERO, 1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));
        GithubBackfill backfill = new GithubBackfill(new GithubBackfill.Settings(URI.create(http.url("/")), 10, 1_000_000,
                Duration.ofHours(12), Duration.ofMinutes(10), kafka.eventsTopic(), Duration.ofMillis(20),
                Duration.ofMillis(50), Duration.ofMinutes(10)), new HttpFetcher(fetch, clock, metrics),
                new GithubEventParser(1_000_000), kafka.publisher("ops-backfill"), kafka.stateReader(), metrics,
                new GithubMetrics(registry), clock);
        backfills.add(backfill);
        return backfill;
    }

    private JobRunner runner() {
        JobRunner runner = new JobRunner(Clock.systemUTC());
        runners.add(runner);
        return runner;
    }
}
