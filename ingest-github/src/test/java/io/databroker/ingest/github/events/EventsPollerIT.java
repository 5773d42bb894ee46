package io.databroker.ingest.github.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import io.databroker.ingest.github.gharchive.GhArchiveHour;
import io.databroker.ingest.github.gharchive.HourRange;
import io.databroker.ingest.github.metrics.GithubMetrics;
import io.databroker.ingest.github.publish.GithubEventParser;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.RecordedRequest;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HostileHttpServer;
import io.databroker.testsupport.HostileHttpServer.Behaviour;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The live poller against a real broker and a local Events API playing our fixtures with GitHub's headers: paging,
 * ETag, overlap and gaps, restarts, rate limits (with a test clock) and bad events, checked with read_committed.
 */
class EventsPollerIT {

    private static final String PAGE_1 = "/events?per_page=10&page=1";
    private static final String PAGE_2 = "/events?per_page=10&page=2";
    private static final String JSON = "application/json; charset=utf-8";
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Instant NOW = Instant.parse("2026-01-06T06:00:00Z");

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
    void publishesEveryPageOfTheFirstPollOnceWithItsCursor() throws Exception {
        http.respond(PAGE_1, page("public-events-e10-e19.json", "\"a\"", PAGE_2));
        http.respond(PAGE_2, page("public-events-e20-e29.json", "\"p2\"", null));
        Live live = startLive(Clock.systemUTC(), null);

        PollOutcome outcome = live.poller.poll();

        assertThat(outcome.published()).isEqualTo(20);
        assertThat(outcome.nextPollIn()).as("GitHub's X-Poll-Interval, longer than our minimum").isEqualTo(Duration.ofSeconds(60));
        assertThat(http.requests()).extracting(RecordedRequest::pathAndQuery).containsExactly(PAGE_1, PAGE_2);
        assertThat(http.requests()).allSatisfy(r -> {
            assertThat(r.header("Accept")).contains("application/vnd.github+json");
            assertThat(r.header("X-GitHub-Api-Version")).contains("2022-11-28");
            assertThat(r.header("Authorization")).contains("Bearer test-token");
            assertThat(r.header("If-None-Match")).isEmpty();
        });
        List<ConsumerRecord<String, byte[]>> records = kafka.awaitCommitted(20);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(
                concat(GithubFixtures.idsOfPage("public-events-e10-e19.json"), GithubFixtures.idsOfPage("public-events-e20-e29.json")));
        ConsumerRecord<String, byte[]> first = records.stream().filter(r -> r.key().equals("1652857697")).findFirst().orElseThrow();
        JsonNode value = Json.mapper().readTree(first.value());
        assertThat(CloudEventHeaders.text(first.headers(), CloudEventHeaders.ID)).isEqualTo("github:1652857697");
        assertThat(CloudEventHeaders.text(first.headers(), CloudEventHeaders.TIME)).isEqualTo("2013-01-10T07:58:23Z");
        assertThat(CloudEventHeaders.text(first.headers(), CloudEventHeaders.TYPE)).isEqualTo("io.databroker.github.event.v1");
        assertThat(value.get("type").asString()).isEqualTo("IssueCommentEvent");
        assertThat(value.get("payload").get("comment").get("id").asLong()).isPositive();
        assertThat(value.has("ingested_at")).isTrue();
        LiveCursor stored = LiveCursor.fromJson(kafka.cursor(LiveCursor.key(URI.create(http.url("")))));
        assertThat(stored.etag()).isEqualTo("\"a\"");
        assertThat(stored.recentIds()).hasSize(20).endsWith("1652857697");
        assertThat(stored.newestCreatedAt()).isEqualTo(Instant.parse("2013-01-10T07:58:23Z"));
    }

    @Test
    void aNotModifiedFirstPageIsAskedWithTheEtagAndPublishesNothing() throws Exception {
        http.respond(PAGE_1, page("public-events-e10-e19.json", "\"a\"", null),
                Response.of(304).withHeader("ETag", "\"a\"").withHeader("X-Poll-Interval", "60"));
        Live live = startLive(Clock.systemUTC(), null);

        live.loop.pollOnce();
        assertThat(live.loop.pollOnce()).isEqualTo(Duration.ofSeconds(60));

        assertThat(http.requests(("/events"))).hasSize(2);
        assertThat(http.requests("/events").get(1).header("If-None-Match")).contains("\"a\"");
        assertThat(polls(PollResult.OK)).isEqualTo(1.0);
        assertThat(polls(PollResult.NOT_MODIFIED)).isEqualTo(1.0);
        assertThat(kafka.awaitCommitted(10)).hasSize(10);
    }

    @Test
    void overlappingPollsPublishEachEventOnceAlsoAcrossARestart() throws Exception {
        http.respond(PAGE_1, page("public-events-e10-e19.json", "\"a\"", PAGE_2),
                page("public-events-e05-e14.json", "\"b\"", PAGE_2), page("public-events-e05-e14.json", "\"c\"", PAGE_2));
        http.respond(PAGE_2, page("public-events-e20-e29.json", "\"p2\"", null));
        Live first = startLive(Clock.systemUTC(), null);

        assertThat(first.poller.poll().published()).isEqualTo(20);
        assertThat(first.poller.poll().published()).as("e05..e09 are new, e10..e14 were published").isEqualTo(5);
        assertThat(http.requests()).extracting(RecordedRequest::pathAndQuery)
                .as("the second poll overlaps on its first page and reads no further").containsExactly(PAGE_1, PAGE_2, PAGE_1);
        Live restarted = startLive(Clock.systemUTC(), null);
        PollOutcome afterRestart = restarted.poller.poll();

        assertThat(afterRestart.published()).as("the restored cursor remembers what was published").isZero();
        assertThat(gaps()).isZero();
        assertThat(skipped("duplicate")).isEqualTo(15.0);
        List<String> ids = kafka.awaitCommittedIds(25);
        assertThat(ids).hasSize(25).doesNotHaveDuplicates();
        assertThat(kafka.readCommitted()).hasSize(25);
    }

    @Test
    void aPollThatNoLongerReachesThePreviousOneIsCountedAsAGap() throws Exception {
        http.respond(PAGE_1, page("public-events-e20-e29.json", "\"a\"", null), page("public-events-e00-e09.json", "\"b\"", PAGE_2));
        http.respond(PAGE_2, page("public-events-e10-e19.json", "\"p2\"", null));
        Live live = startLive(Clock.systemUTC(), null);

        live.poller.poll();
        assertThat(gaps()).isZero();
        PollOutcome second = live.poller.poll();

        assertThat(second.published()).isEqualTo(20);
        assertThat(gaps()).isEqualTo(1.0);
        assertThat(kafka.awaitCommittedIds(30)).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void anExhaustedRateLimitStopsPagingAndWaitsUntilTheReset() throws Exception {
        http.respond(PAGE_1, page("public-events-e10-e19.json", "\"a\"", PAGE_2)
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", String.valueOf(NOW.plusSeconds(600).getEpochSecond())));
        Live live = startLive(Clock.fixed(NOW, ZoneOffset.UTC), null);

        Duration pause = live.loop.pollOnce();

        assertThat(pause).as("until X-RateLimit-Reset by the test clock").isEqualTo(Duration.ofMinutes(10));
        assertThat(http.requests()).extracting(RecordedRequest::pathAndQuery).containsExactly(PAGE_1);
        assertThat(kafka.awaitCommitted(10)).hasSize(10);
        assertThat(registry.find(GithubMetrics.RATE_LIMIT_REMAINING).gauge().value()).isZero();
    }

    @Test
    void aForbiddenWithTheLimitExhaustedIsThrottledUntilTheReset() throws Exception {
        http.respond(PAGE_1, Response.of(403).withHeader("Content-Type", JSON)
                .withBody("{\"message\":\"API rate limit exceeded\"}".getBytes(StandardCharsets.UTF_8))
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", String.valueOf(NOW.plusSeconds(900).getEpochSecond())));
        Live live = startLive(Clock.fixed(NOW, ZoneOffset.UTC), null);

        Duration pause = live.loop.pollOnce();

        assertThat(pause).isEqualTo(Duration.ofMinutes(15));
        assertThat(polls(PollResult.THROTTLED)).isEqualTo(1.0);
        assertThat(live.health.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("primary rate limit"));
        assertThat(kafka.readCommitted()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {403, 429})
    void aSecondaryLimitsRetryAfterIsWaitedOutThenThePollSucceeds(int status) throws Exception {
        http.respond(PAGE_1, Response.of(status).withHeader("Retry-After", "120").withHeader("X-RateLimit-Remaining", "4000"),
                page("public-events-e10-e19.json", "\"a\"", null));
        Live live = startLive(Clock.fixed(NOW, ZoneOffset.UTC), null);

        assertThat(live.loop.pollOnce()).as("exactly the Retry-After").isEqualTo(Duration.ofSeconds(120));
        assertThat(live.loop.pollOnce()).isEqualTo(Duration.ofSeconds(60));

        assertThat(polls(PollResult.THROTTLED)).isEqualTo(1.0);
        assertThat(polls(PollResult.OK)).isEqualTo(1.0);
        assertThat(kafka.awaitCommitted(10)).hasSize(10);
    }

    @Test
    void anEventTheSchemaRejectsIsCountedAndItsNeighboursPublished() throws Exception {
        http.respond(PAGE_1, page("public-events-with-event-without-repo.json", "\"a\"", null));
        Live live = startLive(Clock.systemUTC(), null);

        assertThat(live.poller.poll().published()).isEqualTo(4);

        assertThat(skipped("invalid_event")).isEqualTo(1.0);
        assertThat(kafka.awaitCommitted(4)).extracting(ConsumerRecord::key).doesNotContain("1652857715").hasSize(4);
    }

    @Test
    void eventsCreatedInTheBackfillRangeAreLeftToTheBackfill() throws Exception {
        http.respond(PAGE_1, page("public-events-e10-e19.json", "\"a\"", null), page("public-events-e05-e14.json", "\"b\"", null));
        GhArchiveHour seven = GhArchiveHour.parse("2013-01-10-7");
        Live live = startLive(Clock.systemUTC(), new HourRange(seven, seven));

        assertThat(live.poller.poll().published()).isZero();
        assertThat(live.poller.poll().published()).isZero();

        assertThat(skipped("backfill_range")).isEqualTo(15.0);
        assertThat(skipped("duplicate")).as("remembered, so not counted twice").isEqualTo(5.0);
        assertThat(gaps()).isZero();
        assertThat(kafka.readCommitted()).isEmpty();
    }

    /**
     * Issue 11, source side: an Events API that trickles its headers or body, falls silent after its headers, or sends
     * an endless body makes the poll end at the configured limit (read timeout, body cap) and count by its result;
     * nothing is published, no cursor is written, and once the API recovers the next poll publishes the whole page.
     */
    @ParameterizedTest
    @EnumSource(Behaviour.class)
    @Timeout(180)
    void aHostileApiEndsThePollAtItsLimitAndTheNextGoodPageIsPublishedInFull(Behaviour behaviour) throws Exception {
        try (HostileHttpServer hostile = HostileHttpServer.start(Duration.ofMillis(100))) {
            hostile.on("/events", behaviour);
            Live live = startLive(Clock.systemUTC(), null, hostile.url(""), Duration.ofSeconds(2), 1_000_000);

            live.loop.pollOnce();

            PollResult expected = behaviour == Behaviour.ENDLESS_BODY ? PollResult.MALFORMED : PollResult.IO_ERROR;
            assertThat(polls(expected)).as("the failed poll, counted by its result").isEqualTo(1.0);
            assertThat(kafka.readCommitted()).as("no event published").isEmpty();
            assertThat(kafka.cursor(LiveCursor.key(URI.create(hostile.url(""))))).as("no cursor written").isNull();

            hostile.recover("/events", page("public-events-e10-e19.json", "\"a\"", null));
            live.loop.pollOnce();
            assertThat(polls(PollResult.OK)).isEqualTo(1.0);
            assertThat(kafka.awaitCommittedIds(10)).hasSize(10);
        }
    }

    @Test
    void aGzipBombAndARedirectLoopEndAsCountedFailuresAndTheNextGoodPageIsPublishedInFull() throws Exception {
        http.respond(PAGE_1, Response.ok(JSON, HostileHttpServer.gzipBomb(200_000_000)).withHeader("Content-Encoding", "gzip"),
                Response.of(302).withHeader("Location", PAGE_1));
        Live live = startLive(Clock.systemUTC(), null, http.url(""), Duration.ofSeconds(10), 1_000_000);

        live.loop.pollOnce();
        assertThat(polls(PollResult.MALFORMED)).as("the bomb, stopped at the decoded-body cap").isEqualTo(1.0);
        live.loop.pollOnce();
        assertThat(polls(PollResult.HTTP_ERROR)).as("the loop, ended by the client's redirect limit").isEqualTo(1.0);
        assertThat(kafka.readCommitted()).as("no event published").isEmpty();
        assertThat(kafka.cursor(LiveCursor.key(URI.create(http.url(""))))).as("no cursor written").isNull();

        http.respond(PAGE_1, page("public-events-e10-e19.json", "\"a\"", null));
        live.loop.pollOnce();
        assertThat(kafka.awaitCommittedIds(10)).hasSize(10);
    }

    /** One running live mode with its own clients, as one process would have them. */
    private record Live(EventsPoller poller, PollingLoop loop, PollHealth health) {
    }

    private Live startLive(Clock clock, HourRange backfillRange) {
        return startLive(clock, backfillRange, http.url(""), Duration.ofSeconds(10), 10_000_000);
    }

    private Live startLive(Clock clock, HourRange backfillRange, String apiUrl, Duration readTimeout, long maxBody) {
        IngestMetrics metrics = new IngestMetrics("github", registry, clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), readTimeout, maxBody,
                "data-broker-test", Duration.ZERO, 1, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));
        TransactionalPublisher publisher = kafka.publisher("live");
        publishers.add(publisher);
        EventsPoller poller = new EventsPoller(new EventsPoller.Settings(URI.create(apiUrl), "test-token",
                "2022-11-28", 10, 3, MIN_INTERVAL, 100, backfillRange, kafka.eventsTopic()),
                new HttpFetcher(fetch, clock, metrics), new GithubEventParser(1_000_000), publisher, kafka.stateReader(),
                metrics, githubMetrics(), clock);
        poller.start();
        PollHealth health = new PollHealth(clock, Duration.ofMinutes(30));
        return new Live(poller, new PollingLoop(poller, MIN_INTERVAL, Duration.ofMillis(10), Duration.ofMillis(10), health, metrics), health);
    }

    private GithubMetrics githubMetrics() {
        return new GithubMetrics(registry);
    }

    /** A 200 page as GitHub sends it: ETag, X-Poll-Interval, rate-limit headers and, unless last, a Link to the next. */
    private Response page(String fixture, String etag, String nextPath) {
        Response response = Response.ok(JSON, GithubFixtures.eventsPage(fixture))
                .withHeader("ETag", etag)
                .withHeader("X-Poll-Interval", "60")
                .withHeader("X-RateLimit-Limit", "5000")
                .withHeader("X-RateLimit-Remaining", "4990")
                .withHeader("X-RateLimit-Reset", String.valueOf(NOW.plusSeconds(3600).getEpochSecond()));
        return nextPath == null ? response : response.withHeader("Link",
                "<" + http.url(nextPath) + ">; rel=\"next\", <" + http.url("/events?per_page=10&page=3") + ">; rel=\"last\"");
    }

    private double polls(PollResult result) {
        var counter = registry.find(MetricNames.INGEST_POLLS).tags(MetricNames.TAG_RESULT, result.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double skipped(String reason) {
        var counter = registry.find(MetricNames.EVENTS_SKIPPED).tags(MetricNames.TAG_REASON, reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gaps() {
        var counter = registry.find(GithubMetrics.LIVE_GAPS).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
