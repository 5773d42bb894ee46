package io.databroker.hot.pipeline;

import java.time.Duration;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** hot-writer's metrics by intent, so call sites never spell metric names (the {@code service} tag is common). */
public final class HotWriterMetrics {

    /** {@code stage} of stored documents. */
    static final String STAGE_INDEXED = "indexed";
    /** {@code stage} of documents rejected before the bulk request (not JSON, no id/event_date). */
    static final String STAGE_PARSE = "parse";
    /** {@code stage} of documents Elasticsearch rejected. */
    static final String STAGE_BULK = "bulk";

    private final MeterRegistry registry;

    public HotWriterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void indexed(Source source, int count) {
        registry.counter(MetricNames.EVENTS_PROCESSED,
                MetricNames.TAG_SOURCE, source.id(), MetricNames.TAG_STAGE, STAGE_INDEXED).increment(count);
    }

    /** Event time → bulk acknowledged, per document. */
    void latency(Source source, Duration latency) {
        Timer.builder(MetricNames.PIPELINE_LATENCY)
                .description("Event time to document indexed in the hot store")
                .tag(MetricNames.TAG_SOURCE, source.id())
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofDays(10))
                .register(registry)
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }

    void deadLettered(Source source, String stage, DeadLetterReason reason) {
        registry.counter(MetricNames.EVENTS_FAILED, MetricNames.TAG_SOURCE, source.id(),
                MetricNames.TAG_STAGE, stage, MetricNames.TAG_REASON, reason.tag()).increment();
    }

    void skipped(Source source, SkipReason reason) {
        registry.counter(MetricNames.EVENTS_SKIPPED,
                MetricNames.TAG_SOURCE, source.id(), MetricNames.TAG_REASON, reason.tag()).increment();
    }
}
