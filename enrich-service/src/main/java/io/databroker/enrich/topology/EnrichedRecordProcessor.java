package io.databroker.enrich.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.json.Json;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code <source>-to-document}: the canonical document becomes the enriched record — key = document id, value =
 * its JSON, headers = the input's (trace context included) with the {@code ce_*} envelope written over them.
 */
final class EnrichedRecordProcessor implements Processor<byte[], Outcome, String, byte[]> {

    private final Counter processed;
    private ProcessorContext<String, byte[]> context;

    EnrichedRecordProcessor(Source source, MeterRegistry meters) {
        this.processed = meters.counter(MetricNames.EVENTS_PROCESSED, MetricNames.TAG_SOURCE, source.id(),
                MetricNames.TAG_STAGE, "enriched");
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Outcome> record) {
        NormalizedDocument document = ((Outcome.Normalized) record.value()).document();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        CloudEventHeaders.write(document.envelope(), headers);
        byte[] value = Json.mapper().writeValueAsBytes(document.document());
        context.forward(new Record<>(document.id(), value, record.timestamp(), headers));
        processed.increment();
    }
}
