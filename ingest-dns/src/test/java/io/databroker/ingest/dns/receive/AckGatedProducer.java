package io.databroker.ingest.dns.receive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A real producer on the real broker whose acknowledgements reach the caller only while the gate is open: the
 * caller sees Kafka as slow. (A one-broker cluster cannot be made to withhold acks itself: Kafka 4.x caps
 * {@code min.insync.replicas} at the replication factor.) Records are written to the broker either way.
 *
 * <p>A fair double for a slow or stuck Kafka as the publisher sees it, because the publisher observes a producer only
 * through send() and its callbacks, and their order per partition is kept; it does not model a refusing Kafka
 * (send() blocking on a full buffer, delivery timeouts), which the tests with a stopped broker cover. Like
 * KafkaProducer, {@link #close(Duration)} completes every callback it still owes.
 */
final class AckGatedProducer extends KafkaProducer<String, byte[]> {

    private record Ack(Callback callback, RecordMetadata metadata, Exception error) {
    }

    private final List<Ack> held = new ArrayList<>();
    private boolean open = true;

    AckGatedProducer(Map<String, Object> config) {
        super(config);
    }

    synchronized void closeGate() {
        open = false;
    }

    /** Opens the gate and delivers every acknowledgement held so far. */
    void openGate() {
        List<Ack> release;
        synchronized (this) {
            open = true;
            release = new ArrayList<>(held);
            held.clear();
        }
        release.forEach(ack -> ack.callback().onCompletion(ack.metadata(), ack.error()));
    }

    @Override
    public void close(Duration timeout) {
        super.close(timeout);
        List<Ack> owed;
        synchronized (this) {
            owed = new ArrayList<>(held);
            held.clear();
        }
        owed.forEach(ack -> ack.callback().onCompletion(ack.metadata(), ack.error()));
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        return super.send(record, (metadata, error) -> {
            synchronized (this) {
                if (!open) {
                    held.add(new Ack(callback, metadata, error));
                    return;
                }
            }
            callback.onCompletion(metadata, error);
        });
    }
}
