package io.databroker.ingest.dns.receive;

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
