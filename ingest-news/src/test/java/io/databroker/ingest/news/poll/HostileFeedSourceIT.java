package io.databroker.ingest.news.poll;

import static io.databroker.ingest.news.poll.FeedPollerIT.RSS;
import static io.databroker.ingest.news.poll.FeedPollerIT.publisher;
import static io.databroker.ingest.news.poll.FeedPollerIT.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollFailures;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.poll.PollResult;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ingest.news.fetch.FeedFetcher;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.HostileHttpServer;
import io.databroker.testsupport.HostileHttpServer.Behaviour;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A feed server that attacks the poller (issue 11, source side): the poll ends with an error naming the limit that
 * ended it (read timeout or body cap), nothing is published, the cursor stays where it was, and when the server
 * recovers the next poll publishes every item. The class timeout only turns a hang into a failure.
 */
@Timeout(180)
class HostileFeedSourceIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final long MAX_BODY = 1_000_000;

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    private final String newsTopic = "news_feed" + suffix;
    private final String stateTopic = "broker_ingest_state" + suffix;
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final IngestMetrics metrics = new IngestMetrics("news", new SimpleMeterRegistry(), clock);
    private final HostileHttpServer hostile = HostileHttpServer.start(Duration.ofMillis(100));
    private final FixtureHttpServer http = FixtureHttpServer.start();
    private TransactionalPublisher publisher;
    private FeedPoller poller;

    @BeforeEach
    void setUp() {
        broker.createTopic(newsTopic, 3);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
        publisher = publisher(broker, "ingest-news-hostile" + suffix, stateTopic);
        publisher.start();
        FetchSettings settings = new FetchSettings(Duration.ofSeconds(5), READ_TIMEOUT, MAX_BODY, "ingest-news-it",
                Duration.ZERO, 1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1));
        poller = new FeedPoller(new FeedFetcher(settings, 5, clock, metrics), new FeedParser(), new NewsItemMapper(),
                publisher, newsTopic, metrics, clock);
    }

    @AfterEach
    void tearDown() {
        publisher.close();
        hostile.close();
        http.close();
    }

    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void aHostileServerEndsThePollAtItsLimitAndLeavesTheCursorForTheNextGoodPoll(Behaviour behaviour) throws Exception {
        hostile.on("/feed.xml", behaviour);
        FeedState feed = feed(hostile.url("/feed.xml"));

        Throwable failure = catchThrowable(() -> poller.poll(feed));

        if (behaviour == Behaviour.ENDLESS_BODY) {
            assertThat(PollFailures.classify(failure)).isEqualTo(PollResult.MALFORMED);
            assertThat(failure).hasStackTraceContaining("larger than " + MAX_BODY + " bytes");
        } else {
            assertThat(PollFailures.classify(failure)).isEqualTo(PollResult.IO_ERROR);
            assertThat(failure).as("the poller names the feed; the cause is the fetch's timeout")
                    .hasCauseInstanceOf(HttpTimeoutException.class);
            if (behaviour != Behaviour.TRICKLE_HEADERS) {
                // The JDK's own header timeout says only "request timed out"; ours names the limit.
                assertThat(failure).hasStackTraceContaining("took longer than " + READ_TIMEOUT + " (read timeout)");
            }
        }
        assertNothingPublishedAndCursorUnchanged(feed);

        hostile.recover("/feed.xml", Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")));
        assertThat(poller.poll(feed)).isEqualTo(PollOutcome.published(3));
        // Commit markers reach the partitions shortly after the commit returns.
        Await.until(FeedPollerIT.TIMEOUT, "the feed's cursor on " + stateTopic, () -> readCommitted(broker, stateTopic).size() == 1);
    }

    @Test
    void aGzipBombEndsAtTheDecodedBodyCapAndTheNextGoodResponseIsReadInFull() throws Exception {
        http.respond("/feed.xml",
                Response.ok(RSS, HostileHttpServer.gzipBomb(200_000_000)).withHeader("Content-Encoding", "gzip"),
                Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")));
        FeedState feed = feed(http.url("/feed.xml"));

        Throwable failure = catchThrowable(() -> poller.poll(feed));

        assertThat(PollFailures.classify(failure)).isEqualTo(PollResult.MALFORMED);
        assertThat(failure).hasStackTraceContaining("larger than " + MAX_BODY + " bytes");
        assertNothingPublishedAndCursorUnchanged(feed);
        assertThat(poller.poll(feed)).isEqualTo(PollOutcome.published(3));
    }

    private void assertNothingPublishedAndCursorUnchanged(FeedState feed) {
        assertThat(feed.cursor()).isEqualTo(FeedCursor.empty(feed.feedUrl()));
        assertThat(readCommitted(broker, stateTopic)).as("no cursor written").isEmpty();
        assertThat(readCommitted(broker, newsTopic)).as("no item published").isEmpty();
    }

    private FeedState feed(String url) {
        return new FeedState(new FeedSource(URI.create(url), null, null, Duration.ofMinutes(10)), FeedCursor.empty(url),
                new PollHealth(clock, Duration.ofMinutes(30)));
    }

}
