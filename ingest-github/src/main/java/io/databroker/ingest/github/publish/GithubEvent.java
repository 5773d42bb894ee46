package io.databroker.ingest.github.publish;

import java.time.Instant;
import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.id.DocumentIds;
import io.databroker.shared.topic.Source;

/**
 * One validated GitHub event, ready for {@code github_events}: the fields the envelope needs and the record value,
 * which is the event JSON exactly as GitHub sent it plus {@code ingested_at}.
 *
 * @param id        GitHub's numeric event id, as a string (the record key)
 * @param type      e.g. {@code PushEvent}
 * @param createdAt the event's {@code created_at} (the CloudEvents time)
 * @param json      the record value
 */
public record GithubEvent(String id, String type, Instant createdAt, byte[] json) {

    public GithubEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(json, "json");
    }

    /** {@code github:<id>} (ARCHITECTURE §4). */
    public String documentId() {
        return DocumentIds.github(id);
    }

    /**
     * The Kafka record: key = event id, value = {@link #json}, binary-mode CloudEvents headers.
     *
     * @param ceSource {@code ce_source}: the Events API or GH Archive base URL the event came from
     */
    public ProducerRecord<String, byte[]> toRecord(String topic, String ceSource) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(new CloudEvent(documentId(), ceSource, Source.GITHUB.eventType(), createdAt), headers);
        return new ProducerRecord<>(topic, null, id, json, headers);
    }
}
