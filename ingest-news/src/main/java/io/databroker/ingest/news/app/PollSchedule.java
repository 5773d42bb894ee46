package io.databroker.ingest.news.app;

import java.util.List;
import java.util.Map;

import org.springframework.context.SmartLifecycle;

import io.databroker.ingest.core.start.AuthenticatedStart;
import io.databroker.ingest.news.poll.NewsPolling;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.TopicSettings;

/** Starts polling with the application: creates the topics, then restores the cursors and schedules every feed. */
public class PollSchedule implements SmartLifecycle {

    private final NewsPolling polling;
    private final TopicSettings topicSettings;
    private final List<Topic> topics;
    private final Map<String, Object> adminConfig;
    private boolean running;
    private AuthenticatedStart started;

    public PollSchedule(NewsPolling polling, TopicSettings topicSettings, List<Topic> topics,
                        Map<String, Object> adminConfig) {
        this.polling = polling;
        this.topicSettings = topicSettings;
        this.topics = topics;
        this.adminConfig = adminConfig;
    }

    @Override
    public synchronized void start() {
        TopicProvisioner.provision(topicSettings, topics, adminConfig);
        started = AuthenticatedStart.run("ingest-news polling", polling::start);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (started != null) {
            started.close();
        }
        polling.close();
        running = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
