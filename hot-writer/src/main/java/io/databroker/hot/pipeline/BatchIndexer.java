package io.databroker.hot.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.hot.bulk.BulkDocumentWriter;
import io.databroker.hot.bulk.BulkWriteResult;
import io.databroker.hot.bulk.DocumentRejection;
import io.databroker.hot.bulk.IndexAction;
import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.hot.index.IndexTarget;
import io.databroker.shared.deadletter.DeadLetterPublisher;
import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns one poll batch into stored documents, dead letters and skips, and returns only when every record is one of
 * those (dead letters acknowledged by the broker included), so the caller may commit the batch's offsets.
 */
public final class BatchIndexer {

    private static final Logger log = LoggerFactory.getLogger(BatchIndexer.class);

    /** {@code broker.errors.stage} of records that never reached Elasticsearch. */
    public static final String PARSE_STAGE = "hot-writer/parse";
    /** {@code broker.errors.stage} of documents Elasticsearch rejected. */
    public static final String BULK_STAGE = "hot-writer/bulk";

    private final Map<String, Source> topics;
    private final DailyIndexRouter router;
    private final HotWindow window;
    private final BulkDocumentWriter writer;
    private final DeadLetterPublisher parseDeadLetters;
    private final DeadLetterPublisher bulkDeadLetters;
    private final HotWriterMetrics metrics;
    private final Clock clock;

    /**
     * @param topics the topics read, each with the source whose documents it carries
     */
    public BatchIndexer(Map<String, Source> topics, DailyIndexRouter router, HotWindow window, BulkDocumentWriter writer,
                        DeadLetterPublisher parseDeadLetters, DeadLetterPublisher bulkDeadLetters,
                        HotWriterMetrics metrics, Clock clock) {
        this.topics = Map.copyOf(topics);
        this.router = router;
        this.window = window;
        this.writer = writer;
        this.parseDeadLetters = parseDeadLetters;
        this.bulkDeadLetters = bulkDeadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Indexes {@code records}.
     *
     * @throws io.databroker.hot.bulk.WriteAbortedException when the service stops during bulk retries
     * @throws DeadLetterFailedException                    when a dead letter could not be stored
     */
    public BatchSummary index(ConsumerRecords<byte[], byte[]> records) {
        List<IndexAction> actions = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
        int skipped = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Source source = sourceOf(record);
            try {
                JsonNode document = parse(record.value());
                IndexTarget target = router.route(source, document);
                if (!window.contains(target.eventDate())) {
                    metrics.skipped(source, SkipReason.OUTSIDE_HOT_WINDOW);
                    skipped++;
                    continue;
                }
                actions.add(new IndexAction(target.index(), target.id(), bulkSafe(record.value(), document)));
                accepted.add(new Accepted(record, source, eventTime(document)));
            } catch (RecordRejectedException e) {
                // Parser messages may quote the payload; our own messages never do.
                String loggable = e.getCause() instanceof JacksonException ? "not valid JSON" : e.getMessage();
                deadLetters.add(deadLetter(parseDeadLetters, record, source, e, HotWriterMetrics.STAGE_PARSE, loggable));
            }
        }

        BulkWriteResult result = actions.isEmpty() ? new BulkWriteResult(List.of(), 0, 0) : writer.write(actions);
        Instant acknowledged = clock.instant();
        Set<Integer> rejected = new HashSet<>();
        for (DocumentRejection rejection : result.rejections()) {
            Accepted doc = accepted.get(rejection.position());
            rejected.add(rejection.position());
            deadLetters.add(deadLetter(bulkDeadLetters, doc.record(), doc.source(), rejection.toException(),
                    HotWriterMetrics.STAGE_BULK, rejection.errorType() + " (status " + rejection.status() + ")"));
        }
        for (int i = 0; i < accepted.size(); i++) {
            if (!rejected.contains(i)) {
                Accepted doc = accepted.get(i);
                metrics.indexed(doc.source(), 1);
                doc.eventTime().ifPresent(t -> metrics.latency(doc.source(), Duration.between(t, acknowledged)));
            }
        }
        awaitDeadLetters(deadLetters);
        return new BatchSummary(records.count(), accepted.size() - rejected.size(), deadLetters.size(), skipped,
                result.requests(), result.retries());
    }

    private Source sourceOf(ConsumerRecord<byte[], byte[]> record) {
        Source source = topics.get(record.topic());
        if (source == null) {
            throw new IllegalStateException("received a record from unsubscribed topic " + record.topic());
        }
        return source;
    }

    private static JsonNode parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "empty record value");
        }
        JsonNode document;
        try {
            document = Json.mapper().readTree(value);
        } catch (JacksonException e) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (document == null || document.isMissingNode()) {
            throw new RecordRejectedException(DeadLetterReason.MALFORMED, "no JSON value");
        }
        if (!document.isObject()) {
            throw new RecordRejectedException(DeadLetterReason.SCHEMA_VIOLATION,
                    "a canonical document is a JSON object, got " + document.getNodeType());
        }
        return document;
    }

    /**
     * The bytes to send as {@code _source}: the record value untouched (no number or formatting changes), unless it
     * holds a line break — pretty-printed JSON would break the bulk API's one-document-per-line framing — in which
     * case it is re-written compactly.
     */
    private static byte[] bulkSafe(byte[] value, JsonNode document) {
        for (byte b : value) {
            if (b == '\n' || b == '\r') {
                return Json.mapper().writeValueAsBytes(document);
            }
        }
        return value;
    }

    private static Optional<Instant> eventTime(JsonNode document) {
        JsonNode value = document.get("event_time");
        if (value == null || !value.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.asString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Future<RecordMetadata> deadLetter(DeadLetterPublisher publisher, ConsumerRecord<byte[], byte[]> record,
                                              Source source, RecordRejectedException error, String stage,
                                              String loggableCause) {
        // Coordinates and reason only: never the payload (STYLE §8).
        metrics.deadLettered(source, stage, error.reason());
        log.atWarn()
                .addKeyValue("topic", record.topic())
                .addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset())
                .addKeyValue("source", source.id())
                .addKeyValue("reason", error.reason().tag())
                .log("dead-lettered {}-{}@{}: {} ({})", record.topic(), record.partition(), record.offset(),
                        error.reason().tag(), loggableCause);
        return publisher.publish(record, error);
    }

    private void awaitDeadLetters(List<Future<RecordMetadata>> deadLetters) {
        if (deadLetters.isEmpty()) {
            return;
        }
        parseDeadLetters.flush();
        bulkDeadLetters.flush();
        for (Future<RecordMetadata> sent : deadLetters) {
            try {
                sent.get();
            } catch (ExecutionException e) {
                throw new DeadLetterFailedException("could not store a dead letter: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterFailedException("interrupted while storing dead letters", e);
            }
        }
    }

    /** A record that became an index action, with what its metrics need. */
    private record Accepted(ConsumerRecord<byte[], byte[]> record, Source source, Optional<Instant> eventTime) {
    }
}
