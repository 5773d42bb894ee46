package io.databroker.enrich.topology;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code <source>-to-document}: the canonical document becomes the enriched record — key = document id, value =
 * its JSON ({@link SerializeProcessor}), headers = the input's (trace context included) with the {@code ce_*} envelope written over them.
 * Counts {@code broker.events.processed{stage=enriched}} and times raw record → enriched ({@code broker.enrich.lag}).
 */
final class EnrichedRecordProcessor implements Processor<byte[], Outcome, String, byte[]> {

    private final Counter processed;
    private final Timer lag;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;

    EnrichedRecordProcessor(Source source, Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.processed = meters.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_SOURCE, source.id(),
                MetricNames.TAG_STAGE, "enriched");
        this.lag = Timer.builder(MetricNames.ENRICH_LAG).tag(MetricNames.TAG_SOURCE, source.id())
                .publishPercentileHistogram().register(meters);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Outcome> record) {
        Outcome.Serialized serialized = (Outcome.Serialized) record.value();
        NormalizedDocument document = serialized.document();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        CloudEventHeaders.write(document.envelope(), headers);
        context.forward(new Record<>(document.id(), serialized.value(), record.timestamp(), headers));
        processed.increment();
        lag.record(Duration.ofMillis(Math.max(0, clock.millis() - record.timestamp())));
    }
}
