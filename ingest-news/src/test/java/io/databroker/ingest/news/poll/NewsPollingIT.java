package io.databroker.ingest.news.poll;

import static io.databroker.ingest.news.poll.FeedPollerIT.RSS;
import static io.databroker.ingest.news.poll.FeedPollerIT.TIMEOUT;
import static io.databroker.ingest.news.poll.FeedPollerIT.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.news.Fixtures;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.FeedSource;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.testsupport.Await;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The whole ingester on a real broker and a fixture server: many feeds on a few threads, each on its own schedule;
 * broken, failing and gone feeds beside good ones; a restart that resumes from the committed cursors.
 */
class NewsPollingIT {

    private static final Duration FAST = Duration.ofMillis(200);

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String suffix = "-" + UUID.randomUUID();
    private final String newsTopic = "news_feed" + suffix;
    private final String stateTopic = "broker_ingest_state" + suffix;
    private final String transactionalId = "ingest-news-it" + suffix;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Clock clock = Clock.systemUTC();
    private final List<NewsPolling> started = new ArrayList<>();
    private final List<TransactionalPublisher> publishers = new ArrayList<>();
    private FixtureHttpServer http;

    @BeforeEach
    void setUp() {
        broker.createTopic(newsTopic, 3);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
        http = FixtureHttpServer.start();
    }

    @AfterEach
    void tearDown() {
        started.forEach(NewsPolling::close);
        publishers.forEach(TransactionalPublisher::close);
        http.close();
    }

    @Test
    void brokenFailingAndGoneFeedsDoNotAffectTheOthers() {
        http.respond("/broken.xml", Response.ok(RSS, Fixtures.feed("rss2-truncated-malformed.xml")));
        http.respond("/html.xml", Response.ok("text/html; charset=utf-8", Fixtures.feed("html-error-page.html")));
        http.respond("/error.xml", Response.of(500));
        http.respond("/cut.xml", Response.ok(RSS, Fixtures.feed("rss2-cdata-html-rfc822.xml")).truncatedAfter(200));
        http.respond("/gone.xml", Response.of(410));
        http.respond("/slow.xml", Response.ok(RSS, Fixtures.feed("atom10-media-group.xml")).delayedBy(Duration.ofSeconds(3)));
        http.respond("/good.xml", Response.ok("application/atom+xml", Fixtures.feed("atom-html-content.xml")));
        http.respond("/good2.xml", Response.ok("text/xml", Fixtures.feed("rss1-rdf-iso-8859-1-content-encoded.xml")));
        NewsPolling polling = start(2, "/broken.xml", "/html.xml", "/error.xml", "/cut.xml", "/gone.xml", "/slow.xml",
                "/good.xml", "/good2.xml");

        // Two threads, one of them stuck 3 s on the slow feed: the good feeds still come round every 200 ms.
        Await.until(TIMEOUT, "the good feeds polled at least 5 times each while the others fail",
                () -> http.requests("/good.xml").size() >= 5 && http.requests("/good2.xml").size() >= 5);

        assertThat(readCommitted(broker, newsTopic)).extracting(r -> new String(r.headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8))
                .isSubsetOf(http.url("/good.xml"), http.url("/good2.xml"), http.url("/slow.xml"))
                .contains(http.url("/good.xml"), http.url("/good2.xml"));
        assertThat(http.requests("/gone.xml")).as("a gone feed is asked once").hasSize(1);
        assertThat(polling.feeds()).filteredOn(FeedState::disabled).extracting(FeedState::feedUrl).containsExactly(http.url("/gone.xml"));
        assertThat(registry.get("broker.ingest.feeds").tag("state", "disabled").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("broker.ingest.feeds").tag("state", "active").gauge().value()).isEqualTo(7.0);
        for (String result : List.of("malformed", "http_error", "io_error", "ok")) {
            assertThat(registry.get("broker.ingest.polls").tag("result", result).counter().count()).as(result).isPositive();
        }
        assertThat(polling.health().healthy()).isTrue();
        assertThat(polling.health().failing()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void restartResumesFromCommittedCursorsAndPublishesNoItemTwice() {
        byte[] threeItems = Fixtures.feed("rss2-cdata-html-rfc822.xml");
        http.respond("/tech.xml", Response.ok(RSS, threeItems));
        http.respond("/atom.xml", Response.ok("application/atom+xml", Fixtures.feed("atom-html-content.xml")));
        NewsPolling first = start(2, "/tech.xml", "/atom.xml");
        Await.until(TIMEOUT, "5 items committed", () -> readCommitted(broker, newsTopic).size() == 5);
        Await.until(TIMEOUT, "a second poll of each feed", () -> http.requests("/tech.xml").size() >= 2
                && http.requests("/atom.xml").size() >= 2);
        first.close();

        String oneMore = new String(threeItems, StandardCharsets.UTF_8).replace("<item>\n      <title>Postgres",
                "<item><title>Fresh</title><link>https://www.example.org/tech/fresh</link></item>\n    <item>\n      <title>Postgres");
        http.respond("/tech.xml", Response.ok(RSS, oneMore.getBytes(StandardCharsets.UTF_8)));
        int requestsBefore = http.requests("/tech.xml").size();
        start(2, "/tech.xml", "/atom.xml");
        Await.until(TIMEOUT, "the restarted ingester polled the changed feed twice",
                () -> http.requests("/tech.xml").size() >= requestsBefore + 2);
        Await.until(TIMEOUT, "the new item committed", () -> readCommitted(broker, newsTopic).size() >= 6);

        Map<String, Long> perId = readCommitted(broker, newsTopic).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(perId).hasSize(6).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
    }

    private NewsPolling start(int threads, String... paths) {
        TransactionalPublisher publisher = FeedPollerIT.publisher(broker, transactionalId, stateTopic);
        publishers.add(publisher);
        IngestMetrics metrics = new IngestMetrics("news", registry, clock);
        FeedPoller poller = new FeedPoller(FeedPollerIT.fetcher(metrics, clock), new FeedParser(), new NewsItemMapper(),
                publisher, newsTopic, metrics, clock);
        List<FeedSource> sources = List.of(paths).stream()
                .map(p -> new FeedSource(URI.create(http.url(p)), null, null, FAST)).toList();
        NewsPolling polling = new NewsPolling(sources, poller, publisher, FeedPollerIT.stateReader(broker, stateTopic),
                new NewsPolling.Settings(threads, Duration.ofMinutes(30), FAST, Duration.ofSeconds(1)), metrics, registry, clock);
        polling.start();
        started.add(polling);
        return polling;
    }

}
