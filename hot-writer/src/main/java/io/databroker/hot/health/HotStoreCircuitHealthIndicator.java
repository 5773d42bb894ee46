package io.databroker.hot.health;

import java.util.Locale;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.databroker.hot.circuit.HotStoreCircuit;

/**
 * Readiness only: UP while the circuit over bulk requests is closed, DOWN while it is open or half-open (consumption
 * is paused then). Reads the breaker's state, no request of its own, so it reflects what the writes experience.
 */
public class HotStoreCircuitHealthIndicator extends AbstractHealthIndicator {

    private final HotStoreCircuit circuit;

    public HotStoreCircuitHealthIndicator(HotStoreCircuit circuit) {
        super("hot store circuit check failed");
        this.circuit = circuit;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        (circuit.isClosed() ? builder.up() : builder.down())
                .withDetail("state", circuit.state().name().toLowerCase(Locale.ROOT))
                .withDetail("failure_rate_percent", circuit.failureRate());
    }
}
