package io.databroker.enrich.health;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.enrich.app.StreamsLifecycle;

/**
 * Readiness: UP only while Kafka Streams is RUNNING. REBALANCING (start-up, restoring state, another instance
 * joining or leaving) is DOWN with the state as detail: the instance is alive but not processing yet, which is what
 * an operator or a rolling restart needs to know.
 */
@Component("kafkaStreams")
public class KafkaStreamsHealthIndicator extends AbstractHealthIndicator {

    private final StreamsLifecycle lifecycle;

    public KafkaStreamsHealthIndicator(StreamsLifecycle lifecycle) {
        super("Kafka Streams state check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams.State state = lifecycle.state().orElse(KafkaStreams.State.NOT_RUNNING);
        (state == KafkaStreams.State.RUNNING ? builder.up() : builder.down()).withDetail("state", state.name());
    }
}
