package io.databroker.ingest.news.poll;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.MalformedSourceDataException;
import io.databroker.ingest.core.http.SourceHttpException;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedParser;
import io.databroker.ingest.news.feed.ParsedFeed;
import io.databroker.ingest.news.fetch.FeedFetcher;
import io.databroker.ingest.news.publish.NewsItem;
import io.databroker.ingest.news.publish.NewsItemMapper;
import io.databroker.shared.envelope.CloudEventHeaders;

/**
 * Polls one feed once: conditional GET at the feed's current location, parse, map, keep the items that are new or
 * whose content hash changed against the feed's cursor, and publish them with the advanced cursor in one Kafka
 * transaction. Failures are thrown, typed, for ingest-core's {@code PollingLoop} to log, count and back off; the
 * cursor then stays as it was. Safe to call for different feeds from several threads: fetching and parsing run in
 * parallel, transactions one at a time (a transactional producer holds one open transaction).
 */
public final class FeedPoller {

    private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);

    private final FeedFetcher fetcher;
    private final FeedParser parser;
    private final NewsItemMapper mapper;
    private final TransactionalPublisher publisher;
    private final String itemTopic;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final ReentrantLock publishing = new ReentrantLock();

    public FeedPoller(FeedFetcher fetcher, FeedParser parser, NewsItemMapper mapper, TransactionalPublisher publisher,
                      String itemTopic, IngestMetrics metrics, Clock clock) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.mapper = mapper;
        this.publisher = publisher;
        this.itemTopic = itemTopic;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws SourceHttpException          a status other than 2xx/304 (410 also disables the feed)
     * @throws MalformedSourceDataException not a readable feed
     * @throws IOException                  no response, or the body was cut off
     */
    public PollOutcome poll(FeedState feed) throws IOException, InterruptedException {
        FeedCursor cursor = feed.cursor();
        try (FeedFetcher.Fetched fetched = fetcher.fetch(feed.location(), cursor.etag(), cursor.lastModified())) {
            FeedCursor base = cursor;
            if (fetched.movedTo() != null && !fetched.movedTo().toString().equals(cursor.location())) {
                base = cursor.movedTo(fetched.movedTo().toString());
                log.atWarn().addKeyValue("feed_url", feed.feedUrl()).addKeyValue("location", base.location())
                        .log("news feed {} moved permanently to {}; polling the new URL from now on (update the configuration)",
                                feed.feedUrl(), base.location());
            }
            if (fetched.response().notModified()) {
                if (!base.equals(cursor)) {
                    publish(feed, List.of(), base);
                }
                log.debug("news feed {} not modified", feed.feedUrl());
                return PollOutcome.notModified();
            }
            byte[] body = fetched.response().bodyBytes();
            return publishNewOrChanged(feed, base, fetched, body);
        } catch (SourceHttpException e) {
            if (e.status() == 410) {
                feed.disable("HTTP 410 Gone from " + feed.location());
            }
            throw e;
        } catch (IOException e) {
            // The JDK's messages ("Connection refused", or none) do not say which of hundreds of feeds failed.
            throw new IOException("GET " + feed.location() + " (feed " + feed.feedUrl() + ") failed: " + e, e);
        }
    }

    /**
     * An operator's re-poll (backfill): fetches the feed without validators and publishes every item it holds, new
     * or not, in one transaction with {@code positionKey → positionValue} (the backfill's position). The feed's live
     * cursor is neither read nor moved, so live polling carries on as if nothing happened.
     *
     * @return the items published
     */
    public int republishAll(FeedState feed, String positionKey, byte[] positionValue) throws IOException, InterruptedException {
        try (FeedFetcher.Fetched fetched = fetcher.fetch(feed.location(), null, null)) {
            byte[] body = fetched.response().bodyBytes();
            List<NewsItem> items = parseAndMap(feed, fetched, body).mapped().items();
            send(items, positionKey, positionValue);
            metrics.published(items.size());
            log.atInfo().addKeyValue("feed_url", feed.feedUrl())
                    .log("news feed {} re-polled: {} items published again", feed.feedUrl(), items.size());
            return items.size();
        } catch (IOException e) {
            throw new IOException("GET " + feed.location() + " (feed " + feed.feedUrl() + ") failed: " + e, e);
        }
    }

    /** A fetched document, parsed and mapped to items. */
    private record Mapping(ParsedFeed parsedFeed, NewsItemMapper.Mapped mapped) {
    }

    private Mapping parseAndMap(FeedState feed, FeedFetcher.Fetched fetched, byte[] body) {
        Instant fetchedAt = clock.instant();
        ParsedFeed parsed;
        try {
            parsed = parser.parse(body, fetched.response().contentType());
        } catch (MalformedSourceDataException e) {
            throw new MalformedSourceDataException("feed " + fetched.finalUrl() + ": " + e.getMessage(), e);
        }
        NewsItemMapper.Mapped mapped = mapper.map(parsed, feed.source(), fetched.finalUrl(), fetchedAt);
        if (mapped.unidentifiable() > 0) {
            metrics.skipped("no_link_or_guid", mapped.unidentifiable());
            log.atWarn().addKeyValue("feed_url", feed.feedUrl()).addKeyValue("reason", "no_link_or_guid")
                    .log("skipped {} items without link or guid in {}", mapped.unidentifiable(), feed.feedUrl());
        }
        return new Mapping(parsed, mapped);
    }

    private PollOutcome publishNewOrChanged(FeedState feed, FeedCursor base, FeedFetcher.Fetched fetched, byte[] body) {
        Mapping mapping = parseAndMap(feed, fetched, body);
        ParsedFeed parsed = mapping.parsedFeed();
        NewsItemMapper.Mapped mapped = mapping.mapped();
        List<NewsItem> changed = mapped.items().stream()
                .filter(item -> base.isNewOrChanged(item.id(), item.contentHash()))
                .toList();
        Map<String, String> seen = new LinkedHashMap<>();
        mapped.items().forEach(item -> seen.put(item.id(), item.contentHash()));
        FeedCursor next = new FeedCursor(feed.feedUrl(), base.location(), fetched.response().etag(),
                fetched.response().lastModified(), seen);
        if (!changed.isEmpty() || !next.equals(feed.cursor())) {
            publish(feed, changed, next);
        }
        log.atInfo().addKeyValue("feed_url", feed.feedUrl())
                .log("news feed {}: {} items ({}), {} new or changed published", feed.feedUrl(), mapped.items().size(),
                        parsed.feed().getFeedType(), changed.size());
        return PollOutcome.published(changed.size());
    }

    private void publish(FeedState feed, List<NewsItem> items, FeedCursor next) {
        send(items, next.key(), next.toJson());
        feed.cursor(next);
        metrics.published(items.size());
    }

    private void send(List<NewsItem> items, String cursorKey, byte[] cursorValue) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(items.size());
        for (NewsItem item : items) {
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.write(item.cloudEvent(), headers);
            records.add(new ProducerRecord<>(itemTopic, null, item.id(), item.toJson(), headers));
        }
        publishing.lock();
        try {
            publisher.publish(records, cursorKey, cursorValue);
        } finally {
            publishing.unlock();
        }
    }
}
