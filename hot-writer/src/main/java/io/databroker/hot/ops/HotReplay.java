package io.databroker.hot.ops;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import io.databroker.hot.bulk.IndexAction;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.hot.index.IndexTarget;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.ReplayRequest;
import io.databroker.shared.ops.TopicRange;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;

/**
 * Replay into the hot store: re-reads a range of {@code <source>_enriched} with a consumer of its own (no group: the
 * live group's offsets are not touched) and writes each document as the live path does: {@code index} with
 * {@code _id} = id into the daily index of its {@code event_date}, skipping days outside the hot window. Re-writing an
 * id overwrites it with the same content, so a replay run twice, or restarted after a crash, leaves the store as one
 * run does. Records the live path dead-lettered are counted as rejected here, not dead-lettered a second time.
 */
public final class HotReplay {

    private static final Logger log = LoggerFactory.getLogger(HotReplay.class);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Function<Source, String> topicOf;
    private final DailyIndexRouter router;
    private final HotWindow window;
    private final Function<Job, OpsDocumentWriter> writers;

    /** @param writers a fresh {@code index}-mode writer for a job */
    HotReplay(Supplier<Consumer<byte[], byte[]>> consumers, Function<Source, String> topicOf, DailyIndexRouter router,
              HotWindow window, Function<Job, OpsDocumentWriter> writers) {
        this.consumers = consumers;
        this.topicOf = topicOf;
        this.router = router;
        this.window = window;
        this.writers = writers;
    }

    public OpsDocumentWriter.Result run(Job job, ReplayRequest request) {
        Source source = request.sourceValue();
        OpsDocumentWriter writer = writers.apply(job);
        long[] skipped = new long[1];
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            TopicRange range = TopicRange.resolve(consumer, topicOf.apply(source), request.from(), request.to());
            job.total(range.size());
            log.info("replaying {} into Elasticsearch: {} to {}", range.topic(), range.start(), range.end());
            Map<?, Long> reached = TopicRangeReader.read(consumer, range, job, records -> {
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    IndexAction action = action(source, record.value());
                    if (action == null) {
                        skipped[0]++;
                    } else {
                        writer.submit(action);
                    }
                }
            });
            OpsDocumentWriter.Result result = writer.finish();
            log.info("replayed {} up to {}: {} indexed, {} skipped (outside the hot window or unreadable), {} rejected",
                    range.topic(), reached, result.stored(), skipped[0], result.rejected());
            return result;
        }
    }

    /** The index action of one record; null for records the live path skips or dead-letters. */
    private IndexAction action(Source source, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode document = Json.mapper().readTree(value);
            IndexTarget target = router.route(source, document);
            return window.contains(target.eventDate()) ? new IndexAction(target.index(), target.id(), value) : null;
        } catch (JacksonException | RecordRejectedException e) {
            return null;
        }
    }
}
