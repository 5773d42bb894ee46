package io.databroker.ingest.github.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.ingest.core.health.BrokerReachability;

/** Readiness: DOWN when no Kafka broker answers a metadata request within a few seconds. */
@Component("kafkaBroker")
public class KafkaBrokerHealthIndicator extends AbstractHealthIndicator {

    private final BrokerReachability reachability;

    public KafkaBrokerHealthIndicator(BrokerReachability reachability) {
        super("Kafka broker health check failed");
        this.reachability = reachability;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BrokerReachability.Status status = reachability.check();
        (status.reachable() ? builder.up() : builder.down()).withDetail("cluster", status.detail());
    }
}
