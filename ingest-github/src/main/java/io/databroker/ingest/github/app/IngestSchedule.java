package io.databroker.ingest.github.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.databroker.ingest.core.start.AuthenticatedStart;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.TopicSettings;

/**
 * Owns the threads of the enabled modes: creates the topics, restores each mode's cursor, then runs the live polling
 * loop until stopped and the backfill until its range is complete.
 */
public class IngestSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestSchedule.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LiveIngest live;
    private final BackfillIngest backfill;
    private final TopicSettings topicSettings;
    private final List<Topic> topics;
    private final Map<String, Object> adminConfig;
    // Volatile: a deferred start (AuthenticatedStart) sets them from its own thread.
    private volatile Thread liveThread;
    private volatile Thread backfillThread;
    private AuthenticatedStart started;

    /** @param live the live mode, or null when disabled; @param backfill the backfill, or null when not configured */
    public IngestSchedule(LiveIngest live, BackfillIngest backfill, TopicSettings topicSettings, List<Topic> topics,
                          Map<String, Object> adminConfig) {
        this.live = live;
        this.backfill = backfill;
        this.topicSettings = topicSettings;
        this.topics = topics;
        this.adminConfig = adminConfig;
    }

    @Override
    public synchronized void start() {
        TopicProvisioner.provision(topicSettings, topics, adminConfig);
        started = AuthenticatedStart.run("GitHub ingest", this::startThreads);
    }

    /** Not synchronized: a deferred start runs it on its own thread while stop() waits for that thread. */
    private void startThreads() {
        if (live != null) {
            live.poller().start();
            Thread thread = new Thread(live.loop(), "github-events");
            thread.start();
            liveThread = thread;
        }
        if (backfill != null) {
            backfill.backfill().start();
            Thread thread = new Thread(backfill.run(), "github-gharchive");
            thread.start();
            backfillThread = thread;
        }
        log.info("GitHub ingest started: live {}, backfill {}", live != null ? "on" : "off",
                backfill != null ? backfill.backfill().cursor().range() : "off");
    }

    @Override
    public synchronized void stop() {
        if (started != null) {
            started.close();
        }
        List<Thread> threads = new ArrayList<>();
        if (liveThread != null) {
            threads.add(liveThread);
        }
        if (backfillThread != null) {
            threads.add(backfillThread);
        }
        threads.forEach(Thread::interrupt);
        try {
            for (Thread thread : threads) {
                thread.join(STOP_TIMEOUT.toMillis());
                if (thread.isAlive()) {
                    log.warn("{} did not stop within {}", thread.getName(), STOP_TIMEOUT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        liveThread = null;
        backfillThread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return liveThread != null || backfillThread != null || (started != null && started.pending());
    }

    /** True while the live polling thread is alive; false when the live mode is off. */
    public synchronized boolean livePolling() {
        return liveThread != null && liveThread.isAlive();
    }

    /** True while the backfill thread is alive or its range is complete; false when no backfill is configured. */
    public synchronized boolean backfillOnTrack() {
        return backfillThread != null && (backfillThread.isAlive() || backfill.backfill().finished());
    }
}
