package io.databroker.ingest.news.feed;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rometools.rome.feed.synd.SyndFeed;

import io.databroker.ingest.news.publish.IngestStateReader;
import io.databroker.ingest.news.publish.NewsItem;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.ingest.news.publish.NewsRecordPublisher;
import io.databroker.ingest.news.publish.PublishFailedException;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Polls the configured feeds, one at a time: conditional GET, parse, map, keep the items that are new or changed
 * against the feed's cursor, publish them with the advanced cursor in one transaction. A failing feed is logged,
 * counted and retried next round with its cursor untouched; the other feeds are not affected.
 */
public final class FeedPoller {

    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
    private static final String SOURCE = Source.NEWS.id();

    private final List<URI> feeds;
    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final NewsItemMapper mapper;
    private final NewsRecordPublisher publisher;
    private final IngestStateReader stateReader;
    private final PollHealth health;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, FeedCursor> cursors = new ConcurrentHashMap<>();

    public FeedPoller(List<URI> feeds, FeedFetcher fetcher, FeedParser parser, NewsItemMapper mapper,
                      NewsRecordPublisher publisher, IngestStateReader stateReader, PollHealth health, Clock clock,
                      MeterRegistry meters) {
        this.feeds = List.copyOf(feeds);
        this.fetcher = fetcher;
        this.parser = parser;
        this.mapper = mapper;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.health = health;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Fences any previous instance (transactions), then restores the cursors from {@code broker_ingest_state}.
     * In this order, so no transaction of ours can still be pending while the state is read.
     */
    public void start() {
        publisher.start();
        cursors.clear();
        cursors.putAll(stateReader.readCursors());
        log.info("polling {} news feeds", feeds.size());
    }

    /** Polls every feed once; never throws for a feed's failure. */
    public void pollAll() throws InterruptedException {
        int healthy = 0;
        int published = 0;
        for (URI feed : feeds) {
            FeedOutcome outcome = poll(feed);
            if (outcome.result().healthy()) {
                healthy++;
            }
            published += outcome.published();
        }
        health.roundFinished(feeds.size(), healthy);
        log.info("polled {} news feeds: {} reachable, {} items published", feeds.size(), healthy, published);
    }

    /** The outcome of one feed's poll. */
    public record FeedOutcome(PollResult result, int published) {
    }

    /** Polls one feed; the result is also counted as {@code broker.ingest.polls{source=news,result}}. */
    public FeedOutcome poll(URI feed) throws InterruptedException {
        String feedUrl = feed.toString();
        FeedCursor cursor = cursors.getOrDefault(feedUrl, FeedCursor.empty(feedUrl));
        FeedOutcome outcome;
        try {
            outcome = fetchAndPublish(feed, cursor);
        } catch (FeedHttpException e) {
            outcome = failed(feedUrl, PollResult.HTTP_ERROR, e.getMessage());
        } catch (MalformedFeedException e) {
            outcome = failed(feedUrl, PollResult.MALFORMED, e.getMessage());
        } catch (IOException e) {
            outcome = failed(feedUrl, PollResult.IO_ERROR, e.toString());
        } catch (PublishFailedException e) {
            outcome = failed(feedUrl, PollResult.PUBLISH_FAILED, e.getMessage());
        }
        meters.counter(MetricNames.INGEST_POLLS, MetricNames.TAG_SOURCE, SOURCE,
                MetricNames.TAG_RESULT, outcome.result().tag()).increment();
        return outcome;
    }

    /** The cursor currently held for a feed (for tests and diagnostics). */
    public FeedCursor cursor(String feedUrl) {
        return cursors.getOrDefault(feedUrl, FeedCursor.empty(feedUrl));
    }

    private FeedOutcome fetchAndPublish(URI feed, FeedCursor cursor) throws IOException, InterruptedException {
        String feedUrl = feed.toString();
        FetchResult fetched = fetcher.fetch(feed, cursor.etag(), cursor.lastModified());
        if (!(fetched instanceof FetchResult.Fetched body)) {
            return new FeedOutcome(PollResult.NOT_MODIFIED, 0);
        }
        Instant fetchedAt = clock.instant();
        SyndFeed parsed = parser.parse(body.body(), body.contentType());
        NewsItemMapper.Mapped mapped = mapper.map(parsed, feedUrl, fetchedAt);
        if (mapped.unidentifiable() > 0) {
            meters.counter(MetricNames.EVENTS_SKIPPED, MetricNames.TAG_SOURCE, SOURCE,
                    MetricNames.TAG_REASON, "no_link_or_guid").increment(mapped.unidentifiable());
            log.warn("skipped {} items without link or guid in {}", mapped.unidentifiable(), feedUrl);
        }
        List<NewsItem> changed = mapped.items().stream()
                .filter(item -> cursor.isNewOrChanged(item.id(), item.contentHash()))
                .toList();
        Map<String, String> seen = new LinkedHashMap<>();
        mapped.items().forEach(item -> seen.put(item.id(), item.contentHash()));
        FeedCursor next = new FeedCursor(feedUrl, body.etag(), body.lastModified(), seen);
        if (!changed.isEmpty() || !next.equals(cursor)) {
            publisher.publish(changed, next);
            meters.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_SOURCE, SOURCE,
                    MetricNames.TAG_STAGE, "published").increment(changed.size());
        }
        cursors.put(feedUrl, next);
        return new FeedOutcome(PollResult.OK, changed.size());
    }

    private static FeedOutcome failed(String feedUrl, PollResult result, String message) {
        log.atWarn().addKeyValue("feed_url", feedUrl).addKeyValue("result", result.tag())
                .log("news feed {} failed ({}): {}; retrying next round", feedUrl, result.tag(), message);
        return new FeedOutcome(result, 0);
    }
}
