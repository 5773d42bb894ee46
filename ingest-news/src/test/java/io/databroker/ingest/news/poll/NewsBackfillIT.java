package io.databroker.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.backfill.BackfillRecord;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ingest.news.publish.NewsItemMapper;
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
 * An operator's news re-poll against a real broker and a fixture server: every item of the chosen feeds published
 * again without moving the live cursors (bounded: those feeds, then it ends), resumable after a restart (only the
 * feeds not done yet), failed feeds named and retried alone, idempotent (the same ids again).
 */
class NewsBackfillIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ATOM = "application/atom+xml";

    private final IngestTopics kafka = new IngestTopics(KafkaBroker.shared(), "news_feed", 3);
    private final FixtureHttpServer http = FixtureHttpServer.start();
    private final List<TransactionalPublisher> publishers = new ArrayList<>();
    private final List<JobRunner> runners = new ArrayList<>();
    private final String feedA = http.url("/a.xml");
    private final String feedB = http.url("/b.xml");
    private final String feedC = http.url("/c.xml");

    @AfterEach
    void tearDown() {
        runners.forEach(JobRunner::close);
        publishers.forEach(TransactionalPublisher::close);
        http.close();
    }

    @Test
    void republishesEveryItemOfTheChosenFeedsLeavingTheLiveCursorsAlone() {
        serveFeeds();
        byte[] liveCursorA = new FeedCursor(feedA, feedA, "\"etag-1\"", null, Map.of("news:seen", "hash")).toJson();
        publisher("live").publish(List.of(), FeedCursor.key(feedA), liveCursorA);

        JobStatus finished = runToEnd(runner(), backfill(), List.of(feedA, feedB));

        assertThat(finished.state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(finished.total()).isEqualTo(2L);
        assertThat(finished.done()).isEqualTo(2L);
        assertThat(http.requests("/c.xml")).as("not chosen").isEmpty();
        assertThat(http.requests("/a.xml")).singleElement().satisfies(r -> assertThat(r.header("If-None-Match")).isEmpty());
        List<String> ids = ids(kafka.awaitCommitted(itemsOf("/a.xml", "/b.xml")));
        assertThat(ids).hasSize(itemsOf("/a.xml", "/b.xml")).doesNotHaveDuplicates();
        assertThat(stateReader().readLatest(FeedCursor.KEY_PREFIX).get(FeedCursor.key(feedA))).isEqualTo(liveCursorA);
        assertThat(BackfillRecord.read(stateReader(), "news")).hasValueSatisfying(r -> assertThat(r.running()).isFalse());
    }

    @Test
    void resumesAfterARestartWithTheFeedsNotDoneYet() {
        serveFeeds();
        http.respond("/b.xml", Response.ok(ATOM, Fixtures.feed("atom-html-content.xml")).delayedBy(Duration.ofSeconds(30)));
        JobRunner before = runner();
        NewsBackfill first = backfill();
        List<String> all = List.of(feedA, feedB, feedC);
        before.start("backfill", new LinkedHashMap<>(), context -> first.run(all, context));
        Await.until(TIMEOUT, "feed b being fetched", () -> !http.requests("/b.xml").isEmpty());
        before.close(); // the service stops mid-feed b: the backfill stays "running"

        NewsBackfill restarted = backfill();
        assertThat(restarted.interrupted()).contains(all);
        serveFeeds();
        int aRequests = http.requests("/a.xml").size();
        assertThat(runToEnd(runner(), restarted, all).state()).isEqualTo(JobStatus.State.SUCCEEDED);

        assertThat(http.requests("/a.xml")).as("feed a was done: not asked again").hasSize(aRequests);
        List<String> ids = ids(kafka.awaitCommitted(itemsOf("/a.xml", "/b.xml", "/c.xml")));
        assertThat(ids).as("every item once").hasSize(itemsOf("/a.xml", "/b.xml", "/c.xml")).doesNotHaveDuplicates();
    }

    @Test
    void namesAFailedFeedAndRetriesOnlyItWhenStartedAgain() {
        serveFeeds();
        http.respond("/b.xml", Response.of(500));
        JobRunner jobs = runner();
        List<String> all = List.of(feedA, feedB, feedC);

        JobStatus failed = runToEnd(jobs, backfill(), all);

        assertThat(failed.state()).isEqualTo(JobStatus.State.FAILED);
        assertThat(failed.error()).contains("1 of 3 feeds failed", feedB);
        assertThat(failed.done()).isEqualTo(2L);
        serveFeeds();
        int aRequests = http.requests("/a.xml").size();
        assertThat(runToEnd(jobs, backfill(), all).state()).isEqualTo(JobStatus.State.SUCCEEDED);
        assertThat(http.requests("/a.xml")).hasSize(aRequests);
        assertThat(ids(kafka.awaitCommitted(itemsOf("/a.xml", "/b.xml", "/c.xml")))).doesNotHaveDuplicates();
    }

    @Test
    void aFinishedBackfillRunAgainRepublishesTheSameIds() {
        serveFeeds();
        JobRunner jobs = runner();
        List<String> all = List.of(feedA, feedB, feedC);
        runToEnd(jobs, backfill(), all);
        List<String> first = ids(kafka.awaitCommitted(itemsOf("/a.xml", "/b.xml", "/c.xml")));

        runToEnd(jobs, backfill(), all);

        List<String> twice = ids(kafka.awaitCommitted(2 * first.size()));
        assertThat(twice).hasSize(2 * first.size());
        assertThat(twice.stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(first);
    }

    private void serveFeeds() {
        http.respond("/a.xml", Response.ok(FeedPollerIT.RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")));
        http.respond("/b.xml", Response.ok(ATOM, Fixtures.feed("atom-html-content.xml")));
        http.respond("/c.xml", Response.ok("text/xml", Fixtures.feed("rss1-rdf-dc-date.xml")));
    }

    /** Items the fixtures behind {@code paths} hold, counted by the mapper the service uses. */
    private int itemsOf(String... paths) {
        Map<String, String> fixtures = Map.of("/a.xml", "rss2-cdata-html-rfc822.xml", "/b.xml", "atom-html-content.xml",
                "/c.xml", "rss1-rdf-dc-date.xml");
        int items = 0;
        for (String path : paths) {
            FeedSource source = new FeedSource(URI.create(http.url(path)), null, null, Duration.ofMinutes(5));
            items += new NewsItemMapper().map(new FeedParser().parse(Fixtures.feed(fixtures.get(path)), "text/xml"), source,
                    source.url(), java.time.Instant.now()).items().size();
        }
        return items;
    }

    private JobStatus runToEnd(JobRunner jobs, NewsBackfill backfill, List<String> feeds) {
        jobs.start("backfill", new LinkedHashMap<>(NewsBackfill.parameters(feeds)), context -> backfill.run(feeds, context));
        return Await.untilValue(TIMEOUT, "backfill ends", () -> jobs.status("backfill").orElseThrow(), s -> !s.running());
    }

    /** A backfill as one process builds it (feeds a, b, c configured); a new one after a "restart" shares the transactional id. */
    private NewsBackfill backfill() {
        Clock clock = Clock.systemUTC();
        IngestMetrics metrics = new IngestMetrics("news", new SimpleMeterRegistry(), clock);
        TransactionalPublisher publisher = publisher("backfill");
        FeedPoller poller = new FeedPoller(FeedPollerIT.fetcher(metrics, clock), new FeedParser(), new NewsItemMapper(),
                publisher, kafka.recordsTopic(), metrics, clock);
        List<FeedSource> sources = List.of(feedA, feedB, feedC).stream()
                .map(url -> new FeedSource(URI.create(url), null, null, Duration.ofMinutes(5))).toList();
        return new NewsBackfill(sources, List::of, poller, publisher, stateReader(), clock);
    }

    private TransactionalPublisher publisher(String mode) {
        TransactionalPublisher publisher = TransactionalPublisher.forKafka(kafka.producerConfig(),
                kafka.unique("ingest-news-it-" + mode), kafka.stateTopic());
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
}
