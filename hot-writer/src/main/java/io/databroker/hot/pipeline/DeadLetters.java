package io.databroker.hot.pipeline;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.hot.bulk.RetryCause;
import io.databroker.shared.deadletter.DeadLetterPublisher;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.topic.Source;
import tools.jackson.core.JacksonException;

/**
 * Dead letters on their way to {@code dead-letter-queue}. A record is acknowledged only once the broker has stored
 * its dead letter; a send that fails (Kafka unavailable past the producer's delivery timeout) is sent again, so a
 * rejected record is never dropped silently. {@link #send} may be called from any thread; {@link #settle()} from
 * the consumer thread.
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** {@code broker.errors.stage} of records that never reached Elasticsearch. */
    static final String PARSE_STAGE = "hot-writer/parse";
    /** {@code broker.errors.stage} of documents Elasticsearch rejected. */
    static final String BULK_STAGE = "hot-writer/bulk";

    private final DeadLetterPublisher parse;
    private final DeadLetterPublisher bulk;
    private final HotWriterMetrics metrics;
    private final ConcurrentLinkedQueue<Sending> sending = new ConcurrentLinkedQueue<>();

    DeadLetters(DeadLetterPublisher parse, DeadLetterPublisher bulk, HotWriterMetrics metrics) {
        this.parse = parse;
        this.bulk = bulk;
        this.metrics = metrics;
    }

    /**
     * Sends the dead letter of {@code record} and logs its coordinates and reason (never the payload).
     *
     * @param stage         {@link #PARSE_STAGE} or {@link #BULK_STAGE}
     * @param loggableCause what may be logged about the cause (Elasticsearch's reason may quote field values)
     */
    void send(ConsumerRecord<byte[], byte[]> record, Source source, PartitionOffsets offsets,
              RecordRejectedException error, String stage, String loggableCause) {
        String cause = error.getCause() instanceof JacksonException ? "not valid JSON" : loggableCause;
        log.atWarn()
                .addKeyValue("topic", record.topic())
                .addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset())
                .addKeyValue("source", source.id())
                .addKeyValue("reason", error.reason().tag())
                .log("dead-lettering {}-{}@{}: {} ({})", record.topic(), record.partition(), record.offset(),
                        error.reason().tag(), cause);
        Sending letter = new Sending(record, source, offsets, error, stage);
        letter.future = publisher(stage).publish(record, error);
        sending.add(letter);
    }

    /** Acknowledges the records whose dead letters are stored; sends failed ones again. Returns how many settled. */
    int settle() {
        int settled = 0;
        for (Iterator<Sending> it = sending.iterator(); it.hasNext(); ) {
            Sending letter = it.next();
            if (!letter.future.isDone()) {
                continue;
            }
            try {
                letter.future.get();
                it.remove();
                metrics.deadLettered(letter.source, letter.stage, letter.error.reason());
                letter.offsets.acknowledged(letter.record.offset());
                settled++;
            } catch (ExecutionException e) {
                log.error("could not store the dead letter of {}-{}@{} ({}); sending it again", letter.record.topic(),
                        letter.record.partition(), letter.record.offset(), e.getCause().toString());
                metrics.retried(RetryCause.DEAD_LETTER_UNAVAILABLE, 1);
                letter.future = publisher(letter.stage).publish(letter.record, letter.error);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return settled;
            }
        }
        return settled;
    }

    /** Waits until every dead letter sent so far is acknowledged or failed, then settles them. */
    void flush() {
        parse.flush();
        bulk.flush();
        settle();
    }

    /** Dead letters not yet acknowledged by the broker. */
    int inFlight() {
        return sending.size();
    }

    private DeadLetterPublisher publisher(String stage) {
        return PARSE_STAGE.equals(stage) ? parse : bulk;
    }

    /** One dead letter and its send. */
    private static final class Sending {
        final ConsumerRecord<byte[], byte[]> record;
        final Source source;
        final PartitionOffsets offsets;
        final RecordRejectedException error;
        final String stage;
        volatile Future<RecordMetadata> future;

        Sending(ConsumerRecord<byte[], byte[]> record, Source source, PartitionOffsets offsets,
                RecordRejectedException error, String stage) {
            this.record = record;
            this.source = source;
            this.offsets = offsets;
            this.error = error;
            this.stage = stage;
        }
    }
}
