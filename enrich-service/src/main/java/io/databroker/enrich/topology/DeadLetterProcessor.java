package io.databroker.enrich.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.shared.deadletter.DeadLetterHeaders;
import io.databroker.shared.metrics.MetricNames;
import io.databroker.shared.topic.Source;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code <source>-dead-letter}: a rejected record becomes its dead letter — original key, value and headers plus
 * the {@link DeadLetterHeaders} error headers, with the coordinates of the raw record it came from — and is
 * counted as {@code broker.events.failed{source,stage,reason}} and logged at WARN (never its payload).
 */
final class DeadLetterProcessor implements Processor<byte[], Outcome, byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessor.class);

    private final Source source;
    private final MeterRegistry meters;
    private ProcessorContext<byte[], byte[]> context;

    DeadLetterProcessor(Source source, MeterRegistry meters) {
        this.source = source;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Outcome> record) {
        Outcome.Rejected rejected = (Outcome.Rejected) record.value();
        // The dead-letter branch sits in the same sub-topology as the source node, so this is the raw record's
        // position (no repartition in between).
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        String reason = rejected.error().reason().tag();
        DeadLetterHeaders.add(headers, origin.topic(), origin.partition(), origin.offset(), rejected.stage(),
                rejected.error().reason(), rejected.error());
        meters.counter(MetricNames.EVENTS_FAILED, MetricNames.TAG_SOURCE, source.id(),
                MetricNames.TAG_STAGE, stageTag(rejected.stage()), MetricNames.TAG_REASON, reason).increment();
        log.atWarn().addKeyValue("topic", origin.topic()).addKeyValue("partition", origin.partition())
                .addKeyValue("offset", origin.offset()).addKeyValue("source", source.id()).addKeyValue("reason", reason)
                .log("dead-lettered {}-{}@{} ({}): {}", origin.topic(), origin.partition(), origin.offset(), reason,
                        rejected.error().getMessage());
        context.forward(new Record<>(record.key(), rejected.original(), record.timestamp(), headers));
    }

    /** {@code enrich-service/validate} → {@code validate}: the service is already the common {@code service} tag. */
    private static String stageTag(String stage) {
        return stage.substring(stage.indexOf('/') + 1);
    }
}
