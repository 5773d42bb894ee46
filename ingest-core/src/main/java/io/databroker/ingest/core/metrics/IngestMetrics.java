package io.databroker.ingest.core.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.databroker.ingest.core.poll.PollResult;
import io.databroker.shared.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one ingest source (ARCHITECTURE §10), tagged {@code source}; the service tag is common to all meters.
 * Requests by status, polls by result and their duration, records published, records skipped by reason, and the
 * source lag: now minus the time the cursor stands at, read at scrape time.
 */
public final class IngestMetrics {

    private final String source;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<Instant> cursorTime = new AtomicReference<>();

    public IngestMetrics(String source, MeterRegistry registry, Clock clock) {
        this.source = source;
        this.registry = registry;
        this.clock = clock;
        Gauge.builder(MetricNames.INGEST_SOURCE_LAG, this, IngestMetrics::lagSeconds)
                .tag(MetricNames.TAG_SOURCE, source)
                .baseUnit("seconds")
                .description("now minus the time the source cursor stands at")
                .register(registry);
    }

    public String source() {
        return source;
    }

    /** One HTTP exchange, by status code. */
    public void request(int status) {
        requests(Integer.toString(status));
    }

    /** One request that got no response (connection refused, timeout, reset). */
    public void requestFailed() {
        requests("io_error");
    }

    private void requests(String status) {
        registry.counter(MetricNames.INGEST_REQUESTS, MetricNames.TAG_SOURCE, source, MetricNames.TAG_STATUS, status)
                .increment();
    }

    /** One finished poll: {@code broker.ingest.polls{result}} and {@code broker.ingest.poll.duration{result}}. */
    public void poll(PollResult result, Duration took) {
        registry.counter(MetricNames.INGEST_POLLS, MetricNames.TAG_SOURCE, source, MetricNames.TAG_RESULT, result.tag())
                .increment();
        Timer.builder(MetricNames.INGEST_POLL_DURATION)
                .tags(MetricNames.TAG_SOURCE, source, MetricNames.TAG_RESULT, result.tag())
                .register(registry)
                .record(took);
    }

    /** Records made visible by a committed transaction: {@code broker.events.processed{stage=published}}. */
    public void published(int records) {
        registry.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_SOURCE, source, MetricNames.TAG_STAGE, "published")
                .increment(records);
    }

    /** Source records deliberately not published, with a named reason ({@code broker.events.skipped}). */
    public void skipped(String reason, int records) {
        registry.counter(MetricNames.EVENTS_SKIPPED, MetricNames.TAG_SOURCE, source, MetricNames.TAG_REASON, reason)
                .increment(records);
    }

    /** Where the cursor now stands in source time; null = unknown (the lag gauge reads NaN). */
    public void cursorAt(Instant time) {
        cursorTime.set(time);
    }

    private double lagSeconds() {
        Instant at = cursorTime.get();
        return at == null ? Double.NaN : Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0);
    }
}
