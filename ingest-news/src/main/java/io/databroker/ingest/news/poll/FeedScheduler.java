package io.databroker.ingest.news.poll;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.shared.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Polls hundreds of feeds with a handful of threads: each feed is a task on one small scheduled pool that, after
 * polling, books its own next run at the pause ingest-core's {@link PollingLoop#pollOnce()} returns: the feed's
 * interval after a good poll, its own exponential backoff (never shorter than a {@code Retry-After}) after a failure.
 * A slow or failing feed therefore delays nobody else; there is no round to wait for. A feed disabled by a 410 is not
 * booked again.
 */
public final class FeedScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedScheduler.class);
    /** Gauge, tags service, source, state ({@code active}, {@code disabled}): feeds by state. */
    static final String FEEDS_METRIC = "broker.ingest.feeds";

    private final List<Scheduled> feeds;
    private final int threads;
    private ScheduledExecutorService executor;

    /** One feed and its loop, which carries the feed's consecutive-failure count. */
    private record Scheduled(FeedState state, PollingLoop loop) {
    }

    /**
     * @param errorBackoff    pause after a feed's first failed poll; doubles per further failure, with jitter
     * @param maxErrorBackoff upper bound of that pause
     */
    public FeedScheduler(List<FeedState> feeds, FeedPoller poller, int threads, Duration errorBackoff,
                         Duration maxErrorBackoff, IngestMetrics metrics, MeterRegistry registry) {
        this.feeds = feeds.stream()
                .map(state -> new Scheduled(state, new PollingLoop(() -> poller.poll(state), state.source().interval(),
                        errorBackoff, maxErrorBackoff, state.health(), metrics)))
                .toList();
        this.threads = threads;
        Gauge.builder(FEEDS_METRIC, this, s -> s.count(false)).tags(MetricNames.TAG_SOURCE, metrics.source(), "state", "active")
                .description("feeds being polled").register(registry);
        Gauge.builder(FEEDS_METRIC, this, s -> s.count(true)).tags(MetricNames.TAG_SOURCE, metrics.source(), "state", "disabled")
                .description("feeds no longer polled (410 Gone)").register(registry);
    }

    /** Books every feed's first poll at once; per-host pacing in the fetcher spreads requests to the same host. */
    public synchronized void start() {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "news-poll-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        feeds.forEach(feed -> book(feed, Duration.ZERO));
        log.info("polling {} news feeds with {} threads", feeds.size(), threads);
    }

    private void run(Scheduled feed) {
        Duration pause;
        try {
            pause = feed.loop().pollOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down
        }
        if (feed.state().disabled()) {
            log.atWarn().addKeyValue("feed_url", feed.state().feedUrl()).addKeyValue("reason", "gone")
                    .log("news feed {} disabled: {}; it is no longer polled (remove it from the configuration; a restart tries it once more)",
                            feed.state().feedUrl(), feed.state().disabledBecause());
            return;
        }
        book(feed, pause);
    }

    private synchronized void book(Scheduled feed, Duration delay) {
        if (executor == null || executor.isShutdown()) {
            return;
        }
        try {
            executor.schedule(() -> run(feed), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shut down between the check and the booking: nothing to do.
        }
    }

    private double count(boolean disabled) {
        return feeds.stream().filter(f -> f.state().disabled() == disabled).count();
    }

    /** Stops booking and interrupts polls in flight (their transactions abort; cursors stay where they were). */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("news pollers did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
