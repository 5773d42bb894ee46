package io.databroker.ingest.news.poll;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.health.PollHealth;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.ingest.news.feed.FeedCursor;
import io.databroker.ingest.news.feed.FeedSource;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The news ingester's start and stop: fence an earlier instance (transactions), restore every feed's cursor from
 * {@code broker_ingest_state} (read_committed), then hand the feeds to the {@link FeedScheduler}. In this order, so no
 * transaction of ours can still be pending while the cursors are read.
 */
public final class NewsPolling implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NewsPolling.class);

    private final List<FeedSource> sources;
    private final FeedPoller poller;
    private final TransactionalPublisher publisher;
    private final IngestStateReader stateReader;
    private final Settings settings;
    private final IngestMetrics metrics;
    private final MeterRegistry registry;
    private final Clock clock;
    private volatile List<FeedState> states = List.of();
    private FeedScheduler scheduler;

    /**
     * How feeds are scheduled.
     *
     * @param threads         size of the polling pool (fetch, parse, publish)
     * @param unhealthyAfter  a feed counts as unhealthy after failing this long without a success
     * @param errorBackoff    pause after a feed's first failure; doubles per further failure, with jitter
     * @param maxErrorBackoff upper bound of that pause
     */
    public record Settings(int threads, Duration unhealthyAfter, Duration errorBackoff, Duration maxErrorBackoff) {
    }

    public NewsPolling(List<FeedSource> sources, FeedPoller poller, TransactionalPublisher publisher,
                       IngestStateReader stateReader, Settings settings, IngestMetrics metrics, MeterRegistry registry,
                       Clock clock) {
        this.sources = List.copyOf(sources);
        this.poller = poller;
        this.publisher = publisher;
        this.stateReader = stateReader;
        this.settings = settings;
        this.metrics = metrics;
        this.registry = registry;
        this.clock = clock;
    }

    public synchronized void start() {
        publisher.start();
        List<FeedState> restored = restore(stateReader.readLatest(FeedCursor.KEY_PREFIX));
        states = restored;
        scheduler = new FeedScheduler(restored, poller, settings.threads(), settings.errorBackoff(),
                settings.maxErrorBackoff(), metrics, registry);
        scheduler.start();
    }

    private List<FeedState> restore(Map<String, byte[]> stored) {
        List<FeedState> restored = new ArrayList<>(sources.size());
        int resumed = 0;
        for (FeedSource source : sources) {
            String feedUrl = source.url().toString();
            FeedCursor cursor = FeedCursor.empty(feedUrl);
            byte[] json = stored.get(FeedCursor.key(feedUrl));
            if (json != null) {
                try {
                    FeedCursor read = FeedCursor.fromJson(json);
                    if (read.feedUrl().equals(feedUrl)) {
                        cursor = read;
                        resumed++;
                    }
                } catch (IllegalArgumentException e) {
                    // The feed starts afresh and republishes its items; their ids keep every store idempotent.
                    log.atWarn().addKeyValue("feed_url", feedUrl)
                            .log("ignoring unreadable cursor of news feed {}: {}", feedUrl, e.getMessage());
                }
            }
            restored.add(new FeedState(source, cursor, new PollHealth(clock, settings.unhealthyAfter())));
        }
        log.info("restored cursors of {} of {} news feeds", resumed, sources.size());
        return List.copyOf(restored);
    }

    /** The feeds as they stand (empty before {@link #start()}). */
    public List<FeedState> feeds() {
        return states;
    }

    /** Readiness of the pollers: see {@link FeedsHealth}. */
    public FeedsHealth.Status health() {
        return new FeedsHealth(states).status();
    }

    public synchronized boolean running() {
        return scheduler != null;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }
}
