package io.databroker.enrich.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.databroker.shared.kafka.KafkaAuthentication;
import io.databroker.shared.topic.Topic;
import io.databroker.shared.topic.TopicProvisioner;
import io.databroker.shared.topic.TopicSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

/** Owns the KafkaStreams instance: creates the topics, starts Streams, closes it (committing) on shutdown. */
public class StreamsLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsLifecycle.class);

    private final Supplier<Topology> topology;
    private final Map<String, Object> streamsConfig;
    private final TopicSettings topicSettings;
    private final List<Topic> topics;
    private final Map<String, Object> adminConfig;
    private final Duration closeTimeout;
    private final MeterRegistry meters;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    /**
     * @param topics the topics to create when {@code topicSettings.create()} is set, already sized and named as deployed
     */
    public StreamsLifecycle(Supplier<Topology> topology, Map<String, Object> streamsConfig, TopicSettings topicSettings,
                            List<Topic> topics, Map<String, Object> adminConfig, Duration closeTimeout,
                            MeterRegistry meters) {
        this.topology = topology;
        this.streamsConfig = streamsConfig;
        this.topicSettings = topicSettings;
        this.topics = topics;
        this.adminConfig = adminConfig;
        this.closeTimeout = closeTimeout;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        TopicProvisioner.provision(topicSettings, topics, adminConfig);
        Topology built = topology.get();
        log.info("starting Kafka Streams application {}:\n{}", streamsConfig.get("application.id"), built.describe());
        KafkaStreams fresh = new KafkaStreams(built, new StreamsConfig(streamsConfig));
        fresh.setUncaughtExceptionHandler(e -> {
            // Record-level failures are dead-lettered inside the topology; reaching this means a bug or a broker
            // problem Streams could not ride out. Stop cleanly; readiness reports it and the operator restarts.
            log.error("Kafka Streams stopped by an unexpected error", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streamsMetrics = new KafkaStreamsMetrics(fresh);
        streamsMetrics.bindTo(meters);
        try {
            fresh.start();
        } catch (RuntimeException e) {
            // The global thread initialises inside start(): rejected credentials surface here. Stay up and not
            // ready (the Streams state is not RUNNING) rather than fail the start into a crash loop.
            if (!KafkaAuthentication.failed(e)) {
                throw e;
            }
            log.error("Kafka Streams not started: {}", KafkaAuthentication.explain(e));
        }
        streams = fresh;
    }

    @Override
    public synchronized void stop() {
        if (streams != null) {
            streams.close(closeTimeout);
            streamsMetrics.close();
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The running instance, for queries of its global join stores (replay); empty before start and after stop. */
    public Optional<KafkaStreams> streams() {
        return Optional.ofNullable(streams);
    }

    /** The current Streams state, empty before start and after stop. */
    public Optional<KafkaStreams.State> state() {
        KafkaStreams current = streams;
        return current == null ? Optional.empty() : Optional.of(current.state());
    }
}
