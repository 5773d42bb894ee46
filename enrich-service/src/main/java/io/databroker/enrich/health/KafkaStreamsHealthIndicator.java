package io.databroker.enrich.health;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.enrich.app.StreamsLifecycle;

/** Readiness: UP while Kafka Streams is RUNNING or REBALANCING, DOWN in any other state. */
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
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        (up ? builder.up() : builder.down()).withDetail("state", state.name());
    }
}
