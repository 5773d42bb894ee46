package io.databroker.cold.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.databroker.cold.delta.CommitSummary;
import io.databroker.cold.delta.TableRow;
import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;

/** The cold writer's meters (ARCHITECTURE §10); the {@code service} tag is common and set by configuration. */
public final class ColdWriterMetrics {

    /** {@code stage} tag of rows committed to Delta. */
    static final String STAGE_COMMIT = "delta_commit";
    /** {@code stage} tag of documents rejected before buffering. */
    static final String STAGE_COERCE = "coerce";
    /** {@code outcome} tag values of the commit timer. */
    static final String OUTCOME_SUCCESS = "success";
    static final String OUTCOME_FAILURE = "failure";

    private final MeterRegistry registry;

    public ColdWriterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A successful commit: rows processed, files and bytes written and the size of each file, duration, and event
     * time → stored latency.
     */
    void committed(Source source, CommitSummary summary, List<? extends TableRow> rows, Duration took, Instant now) {
        commitTimer(source, OUTCOME_SUCCESS).record(took);
        counter(MetricNames.EVENTS_PROCESSED, source, MetricNames.TAG_STAGE, STAGE_COMMIT).increment(summary.rows());
        counter(MetricNames.COLD_FILES_WRITTEN, source).increment(summary.files());
        counter(MetricNames.COLD_BYTES_WRITTEN, source).increment(summary.bytes());
        DistributionSummary fileSize = DistributionSummary.builder(MetricNames.COLD_FILE_SIZE)
                .baseUnit("bytes")
                .tag(MetricNames.TAG_SOURCE, source.id())
                .publishPercentileHistogram()
                .minimumExpectedValue(1024.0)
                .maximumExpectedValue(1024.0 * 1024 * 1024)
                .register(registry);
        summary.fileSizes().forEach(fileSize::record);
        Timer latency = Timer.builder(MetricNames.PIPELINE_LATENCY)
                .tag(MetricNames.TAG_SOURCE, source.id())
                .publishPercentileHistogram()
                .register(registry);
        long nowMicros = TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000L;
        for (TableRow row : rows) {
            latency.record(Math.max(0, nowMicros - row.eventTimeMicros()), TimeUnit.MICROSECONDS);
        }
    }

    /** A commit that failed (or lost a race); its rows are re-read from Kafka. */
    void commitFailed(Source source, Duration took) {
        commitTimer(source, OUTCOME_FAILURE).record(took);
    }

    /** A document dead-lettered before buffering. */
    void rejected(Source source, DeadLetterReason reason) {
        Counter.builder(MetricNames.EVENTS_FAILED)
                .tag(MetricNames.TAG_SOURCE, source.id())
                .tag(MetricNames.TAG_STAGE, STAGE_COERCE)
                .tag(MetricNames.TAG_REASON, reason.tag())
                .register(registry)
                .increment();
    }

    private Timer commitTimer(Source source, String outcome) {
        return Timer.builder(MetricNames.COLD_COMMIT_DURATION)
                .tag(MetricNames.TAG_SOURCE, source.id())
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter counter(String name, Source source, String... tags) {
        return Counter.builder(name).tag(MetricNames.TAG_SOURCE, source.id()).tags(tags).register(registry);
    }
}
