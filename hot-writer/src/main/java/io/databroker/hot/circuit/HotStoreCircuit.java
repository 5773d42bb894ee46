package io.databroker.hot.circuit;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.hot.config.HotWriterProperties;
import io.databroker.shared.metrics.MetricNames;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Whether Elasticsearch can take writes, as seen by our own bulk requests (a Resilience4j circuit breaker named
 * {@value #NAME}). Bulk outcomes are recorded as they complete; the indexing loop pauses consumption while the
 * circuit is not {@link #isClosed() closed}, and readiness reports DOWN. After {@code waitInOpen} the loop runs one
 * probe ({@link #probeIfDue}); its success closes the circuit, its failure opens it again.
 *
 * <p>Only failures of the cluster count (a whole request failing, 5xx items); 429 items are backpressure, handled
 * by re-sending with backoff, and rejected documents are the documents' fault.
 */
public final class HotStoreCircuit {

    private static final Logger log = LoggerFactory.getLogger(HotStoreCircuit.class);

    /** The breaker's name, the {@code name} tag of Resilience4j's metrics. */
    public static final String NAME = "elasticsearch";

    private final CircuitBreaker breaker;

    private HotStoreCircuit(CircuitBreaker breaker, MeterRegistry registry) {
        this.breaker = breaker;
        breaker.getEventPublisher().onStateTransition(event -> transitioned(event, registry));
    }

    /** A circuit with the configured thresholds; its state and calls are published to {@code registry}. */
    public static HotStoreCircuit create(HotWriterProperties.Breaker settings, MeterRegistry registry) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                // HALF_OPEN by timer, so that readiness shows it and the loop never asks an OPEN breaker for permits.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(config);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        return new HotStoreCircuit(breakers.circuitBreaker(NAME), registry);
    }

    /** A bulk request the cluster answered without server errors. */
    public void recordSuccess(Duration took) {
        breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A bulk request that failed as a whole, or whose items failed with 5xx. */
    public void recordFailure(Duration took, Throwable cause) {
        breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, cause);
    }

    /** True when writes may flow; false while open or while a probe decides (half-open). */
    public boolean isClosed() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** CLOSED, OPEN or HALF_OPEN (the lower-case name is what readiness and metrics show). */
    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** Failure rate of the sliding window in percent, or -1 while fewer than the minimum calls were made. */
    public float failureRate() {
        return breaker.getMetrics().getFailureRate();
    }

    /**
     * Runs {@code probe} when the circuit is half-open (its wait in OPEN is over) and no other probe runs, and records
     * the outcome. Does nothing while closed or open.
     */
    public void probeIfDue(Probe probe) {
        if (breaker.getState() != CircuitBreaker.State.HALF_OPEN || !breaker.tryAcquirePermission()) {
            return;
        }
        long start = System.nanoTime();
        try {
            probe.run();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (StoreUnavailableException e) {
            log.info("Elasticsearch probe failed: {}", e.getMessage());
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        }
    }

    private static void transitioned(CircuitBreakerOnStateTransitionEvent event, MeterRegistry registry) {
        CircuitBreaker.State from = event.getStateTransition().getFromState();
        CircuitBreaker.State to = event.getStateTransition().getToState();
        registry.counter(MetricNames.HOT_BREAKER_TRANSITIONS,
                "from", from.name().toLowerCase(Locale.ROOT), "to", to.name().toLowerCase(Locale.ROOT)).increment();
        if (from == CircuitBreaker.State.CLOSED) {
            log.warn("Elasticsearch circuit {} → {}: too many failed bulk requests; consumption paused and readiness "
                    + "DOWN until a probe of the cluster succeeds", from, to);
        } else if (to == CircuitBreaker.State.CLOSED) {
            log.info("Elasticsearch circuit {} → {}: consumption resumed, readiness UP", from, to);
        } else {
            // OPEN ⇄ HALF_OPEN every wait-in-open while the cluster stays away: the probe's own line says enough.
            log.debug("Elasticsearch circuit {} → {}", from, to);
        }
    }

    /** One cheap request that succeeds only when the cluster can take writes. */
    @FunctionalInterface
    public interface Probe {
        /**
         * @throws StoreUnavailableException when the cluster is not usable
         */
        void run();
    }
}
