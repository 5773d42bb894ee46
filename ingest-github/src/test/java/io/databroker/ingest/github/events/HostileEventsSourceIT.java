package io.databroker.ingest.github.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollResult;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.github.GithubFixtures;
import io.databroker.ingest.github.TestKafka;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HostileHttpServer;
import io.databroker.testsupport.HostileHttpServer.Behaviour;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * An Events API that attacks the poller (issue 11, source side): each poll ends at a configured limit (read timeout,
 * body cap, the client's redirect limit) and is counted by result, nothing is published, no cursor is written, and
 * once the API recovers the next poll publishes the whole page. The class timeout only turns a hang into a failure.
 */
@Timeout(180)
class HostileEventsSourceIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final long MAX_BODY = 1_000_000;
    private static final String JSON = "application/json; charset=utf-8";
    private static final String FIXTURE = "public-events-e10-e19.json";

    private final TestKafka kafka = new TestKafka();
    private final HostileHttpServer hostile = HostileHttpServer.start(Duration.ofMillis(100));
    private final FixtureHttpServer http = FixtureHttpServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TransactionalPublisher> publishers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        publishers.forEach(TransactionalPublisher::close);
        hostile.close();
        http.close();
    }

    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void aHostileApiEndsThePollAtItsLimitAndTheNextGoodPageIsPublishedInFull(Behaviour behaviour) throws Exception {
        hostile.on("/events", behaviour);
        PollingLoop loop = startLive(hostile.url(""));

        loop.pollOnce();

        PollResult expected = behaviour == Behaviour.ENDLESS_BODY ? PollResult.MALFORMED : PollResult.IO_ERROR;
        assertThat(polls(expected)).as("the failed poll, counted by its result").isEqualTo(1.0);
        assertNothingPublishedAndNoCursor(hostile.url(""));

        hostile.recover("/events", Response.ok(JSON, GithubFixtures.eventsPage(FIXTURE)).withHeader("ETag", "\"a\""));
        loop.pollOnce();
        assertThat(polls(PollResult.OK)).isEqualTo(1.0);
        assertThat(kafka.awaitCommittedIds(10)).hasSize(10);
    }

    @Test
    void aGzipBombAndARedirectLoopEndAsCountedFailuresAndTheNextGoodPageIsPublishedInFull() throws Exception {
        http.respond("/events?per_page=10&page=1",
                Response.ok(JSON, HostileHttpServer.gzipBomb(200_000_000)).withHeader("Content-Encoding", "gzip"),
                Response.of(302).withHeader("Location", "/events?per_page=10&page=1"));
        PollingLoop loop = startLive(http.url(""));

        loop.pollOnce();
        assertThat(polls(PollResult.MALFORMED)).as("the bomb, stopped at the decoded-body cap").isEqualTo(1.0);
        loop.pollOnce();
        assertThat(polls(PollResult.HTTP_ERROR)).as("the loop, ended by the client's redirect limit").isEqualTo(1.0);
        assertNothingPublishedAndNoCursor(http.url(""));

        http.respond("/events?per_page=10&page=1", Response.ok(JSON, GithubFixtures.eventsPage(FIXTURE)).withHeader("ETag", "\"a\""));
        loop.pollOnce();
        assertThat(kafka.awaitCommittedIds(10)).hasSize(10);
    }

    private void assertNothingPublishedAndNoCursor(String apiUrl) {
        assertThat(kafka.readCommitted()).as("no event published").isEmpty();
        assertThat(kafka.cursor(LiveCursor.key(URI.create(apiUrl)))).as("no cursor written").isNull();
    }

    private PollingLoop startLive(String apiUrl) {
        Clock clock = Clock.systemUTC();
        IngestMetrics metrics = new IngestMetrics("github", registry, clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), READ_TIMEOUT, MAX_BODY, "data-broker-test",
                Duration.ZERO, 1, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));
        TransactionalPublisher publisher = kafka.publisher("live");
        publishers.add(publisher);
        EventsPoller poller = new EventsPoller(new EventsPoller.Settings(URI.create(apiUrl), "test-token", "2022-11-28",
                10, 3, Duration.ofSeconds(1), 100, null, kafka.eventsTopic()),
                new HttpFetcher(fetch, clock, metrics), new GithubEventParser(1_000_000), publisher, kafka.stateReader(),
                metrics, new GithubMetrics(registry), clock);
        poller.start();
        return new PollingLoop(poller, Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(10),
                new PollHealth(clock, Duration.ofMinutes(30)), metrics);
    }

    private double polls(PollResult result) {
        var counter = registry.find(MetricNames.INGEST_POLLS).tags(MetricNames.TAG_RESULT, result.tag()).counter();
        return counter == null ? 0 : counter.count();
    }
}
