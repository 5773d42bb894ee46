package io.databroker.storeops.verify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code broker_store_drift{source,store}}: how many ids the last verification found missing from a store (summed
 * over the days it checked). Set by every verification, scheduled or asked for; NaN (unknown) until the first one,
 * so the series exist from the start.
 */
public final class StoreDriftGauges {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    /** Registers the gauges of {@code sources} × every store, at NaN. */
    public StoreDriftGauges(MeterRegistry registry, List<Source> sources) {
        this.registry = registry;
        for (Source source : sources) {
            for (Store store : Store.values()) {
                gauge(source, store);
            }
        }
    }

    public void record(VerifyReport report) {
        for (VerifyReport.SourceReport source : report.sources()) {
            source.missingPerStore().forEach((store, missing) -> gauge(source.source(), store).set(missing.doubleValue()));
        }
    }

    private AtomicReference<Double> gauge(Source source, Store store) {
        return values.computeIfAbsent(source.id() + "/" + store.tag(), key -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder(MetricNames.STORE_DRIFT, value, AtomicReference::get)
                    .description("Ids missing from a store at the last cross-store verification")
                    .tag(MetricNames.TAG_SOURCE, source.id())
                    .tag(MetricNames.TAG_STORE, store.tag())
                    .register(registry);
            return value;
        });
    }
}
