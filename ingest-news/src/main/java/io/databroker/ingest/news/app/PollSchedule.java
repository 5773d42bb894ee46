package io.databroker.ingest.news.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.databroker.ingest.news.feed.FeedPoller;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.TopicSettings;

/** Owns the polling thread: creates the topics, restores cursors, then polls every feed once per interval. */
public class PollSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollSchedule.class);

    private final FeedPoller poller;
    private final Duration interval;
    private final TopicSettings topicSettings;
    private final List<Topic> topics;
    private final Map<String, Object> adminConfig;
    private ScheduledExecutorService executor;

    public PollSchedule(FeedPoller poller, Duration interval, TopicSettings topicSettings, List<Topic> topics,
                        Map<String, Object> adminConfig) {
        this.poller = poller;
        this.interval = interval;
        this.topicSettings = topicSettings;
        this.topics = topics;
        this.adminConfig = adminConfig;
    }

    @Override
    public synchronized void start() {
        if (topicSettings.create()) {
            try (Admin admin = Admin.create(adminConfig)) {
                new TopicProvisioner(admin, topicSettings.replication(), topicSettings.timeout().toMillis())
                        .ensure(topicSettings.apply(topics));
            }
        }
        poller.start();
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "news-poller"));
        executor.scheduleWithFixedDelay(this::pollRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("news polling started, every {}", interval);
    }

    private void pollRound() {
        try {
            poller.pollAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep polling and make the bug loud instead.
            log.error("news poll round failed unexpectedly; next round in {}", interval, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("news poller did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
