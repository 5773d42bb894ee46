package io.databroker.ingest.arxiv.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.databroker.ingest.arxiv.oaipmh.OaiPmhHarvester;
import io.databroker.ingest.core.poll.PollingLoop;
import io.databroker.ingest.core.start.AuthenticatedStart;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.TopicSettings;

/** Owns the harvesting thread: creates the topics, restores the cursors, then runs the polling loop until stopped. */
public class HarvestSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HarvestSchedule.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final OaiPmhHarvester harvester;
    private final PollingLoop loop;
    private final TopicSettings topicSettings;
    private final List<Topic> topics;
    private final Map<String, Object> adminConfig;
    // Volatile: a deferred start (AuthenticatedStart) sets it from its own thread.
    private volatile Thread thread;
    private AuthenticatedStart started;

    public HarvestSchedule(OaiPmhHarvester harvester, PollingLoop loop, TopicSettings topicSettings, List<Topic> topics,
                           Map<String, Object> adminConfig) {
        this.harvester = harvester;
        this.loop = loop;
        this.topicSettings = topicSettings;
        this.topics = topics;
        this.adminConfig = adminConfig;
    }

    @Override
    public synchronized void start() {
        TopicProvisioner.provision(topicSettings, topics, adminConfig);
        started = AuthenticatedStart.run("arXiv harvesting", this::startHarvesting);
    }

    /** Not synchronized: a deferred start runs it on its own thread while stop() waits for that thread. */
    private void startHarvesting() {
        harvester.start();
        Thread harvesting = new Thread(loop, "arxiv-harvester");
        harvesting.start();
        thread = harvesting;
        log.info("arXiv harvesting started");
    }

    @Override
    public synchronized void stop() {
        if (started != null) {
            started.close();
        }
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                log.warn("arXiv harvester did not stop within {}", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null || (started != null && started.pending());
    }

    /** True while the harvesting thread is alive (readiness detail). */
    public synchronized boolean harvesting() {
        return thread != null && thread.isAlive();
    }
}
