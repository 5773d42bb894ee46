package io.databroker.hot.pipeline;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.databroker.hot.bulk.RetryCause;
import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * hot-writer's per-document metrics by intent, so call sites never spell metric names (the {@code service} tag is
 * common), plus the totals since the last commit for its INFO summary line. Thread-safe: bulk outcomes arrive on
 * the ingester's threads. Meters used per document are looked up once.
 */
public final class HotWriterMetrics {

    /** {@code stage} of stored documents. */
    static final String STAGE_INDEXED = "indexed";
    /** {@code stage} of documents rejected before the bulk request (not JSON, no id/event_date, oversized). */
    static final String STAGE_PARSE = "parse";
    /** {@code stage} of documents Elasticsearch rejected. */
    static final String STAGE_BULK = "bulk";

    private final MeterRegistry registry;
    private final Map<Source, Counter> indexed = new ConcurrentHashMap<>();
    private final Map<Source, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
    private final Map<RetryCause, Counter> retries = new EnumMap<>(RetryCause.class);
    private final Map<String, Counter> perIndex = new ConcurrentHashMap<>();
    private final AtomicLong indexedSinceCommit = new AtomicLong();
    private final AtomicLong deadLetteredSinceCommit = new AtomicLong();
    private final AtomicLong skippedSinceCommit = new AtomicLong();
    private final AtomicLong retriedSinceCommit = new AtomicLong();

    public HotWriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Every retry cause shows (at 0) from the start, so alerts on it need no "absent" handling.
        for (RetryCause cause : RetryCause.values()) {
            retries.put(cause, registry.counter(MetricNames.HOT_BULK_RETRIES, MetricNames.TAG_REASON, cause.tag()));
        }
    }

    /** One document acknowledged by Elasticsearch in daily index {@code index}. */
    void indexed(Source source, String index, Duration sinceEventTime) {
        // get() first: computeIfAbsent with a capturing lambda allocates on every call, and this runs per document.
        Counter counter = indexed.get(source);
        if (counter == null) {
            counter = indexed.computeIfAbsent(source, s -> registry.counter(MetricNames.EVENTS_PROCESSED,
                    MetricNames.TAG_SOURCE, s.id(), MetricNames.TAG_STAGE, STAGE_INDEXED));
        }
        counter.increment();
        // Daily indices live for the retention only, so this tag has a bounded set of values (sources × days).
        Counter ofIndex = perIndex.get(index);
        if (ofIndex == null) {
            ofIndex = perIndex.computeIfAbsent(index, name -> registry.counter(MetricNames.HOT_DOCUMENTS_INDEXED,
                    MetricNames.TAG_SOURCE, source.id(), "index", name));
        }
        ofIndex.increment();
        if (sinceEventTime != null) {
            Timer timer = latency.get(source);
            if (timer == null) {
                timer = latency.computeIfAbsent(source, s -> Timer.builder(MetricNames.PIPELINE_LATENCY)
                        .description("Event time to document acknowledged by the hot store")
                        .tag(MetricNames.TAG_SOURCE, s.id())
                        .publishPercentileHistogram()
                        .maximumExpectedValue(Duration.ofDays(10))
                        .register(registry));
            }
            timer.record(sinceEventTime.isNegative() ? Duration.ZERO : sinceEventTime);
        }
        indexedSinceCommit.incrementAndGet();
    }

    /** One dead letter acknowledged by Kafka. */
    void deadLettered(Source source, String stage, DeadLetterReason reason) {
        registry.counter(MetricNames.EVENTS_FAILED, MetricNames.TAG_SOURCE, source.id(),
                MetricNames.TAG_STAGE, stage.equals(DeadLetters.PARSE_STAGE) ? STAGE_PARSE : STAGE_BULK,
                MetricNames.TAG_REASON, reason.tag()).increment();
        deadLetteredSinceCommit.incrementAndGet();
    }

    void skipped(Source source, SkipReason reason) {
        skipped.computeIfAbsent(source.id() + "/" + reason.tag(), key -> registry.counter(MetricNames.EVENTS_SKIPPED,
                MetricNames.TAG_SOURCE, source.id(), MetricNames.TAG_REASON, reason.tag())).increment();
        skippedSinceCommit.incrementAndGet();
    }

    /** {@code count} documents (or dead letters) to be sent again. */
    void retried(RetryCause cause, int count) {
        retries.get(cause).increment(count);
        retriedSinceCommit.addAndGet(count);
    }

    /** "indexed 998, dead-lettered 1, skipped 1, re-sent 0" since the previous call. */
    String sinceLastCommit() {
        return "indexed " + indexedSinceCommit.getAndSet(0) + ", dead-lettered " + deadLetteredSinceCommit.getAndSet(0)
                + ", skipped " + skippedSinceCommit.getAndSet(0) + " outside the hot window, re-sent "
                + retriedSinceCommit.getAndSet(0);
    }
}
