package io.databroker.shared.deadletter;

import java.util.Objects;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.databroker.shared.topic.Topics;

/**
 * Sends a rejected record to {@code dead-letter-queue}: original key, value, headers and timestamp, plus the
 * error headers of {@link DeadLetterHeaders}. Used by the consumer-based services (the writers); the Streams
 * topology builds the same record in its dead-letter branch.
 */
public final class DeadLetterPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String stage;

    /**
     * @param stage {@code <service>/<step>}, written to {@link DeadLetterHeaders#STAGE}
     */
    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String stage) {
        this(producer, Topics.DEAD_LETTER_QUEUE.name(), stage);
    }

    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, String stage) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    /**
     * Sends the dead letter. Callers that must not acknowledge the original before the dead letter is stored
     * wait on the returned future (or flush the producer) before committing offsets.
     */
    public Future<RecordMetadata> publish(ConsumerRecord<byte[], byte[]> original, RecordRejectedException error) {
        return publish(original, error.reason(), error);
    }

    public Future<RecordMetadata> publish(ConsumerRecord<byte[], byte[]> original, DeadLetterReason reason, Throwable error) {
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        DeadLetterHeaders.add(headers, original.topic(), original.partition(), original.offset(), stage, reason, error);
        return producer.send(new ProducerRecord<>(topic, null, original.timestamp(), original.key(), original.value(), headers));
    }

    /** Blocks until every dead letter sent so far is acknowledged by the broker. */
    public void flush() {
        producer.flush();
    }
}
