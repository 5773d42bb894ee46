package io.databroker.ingest.github.publish;

import java.time.Instant;
import java.util.Objects;

import io.databroker.shared.id.DocumentIds;

/**
 * One validated GitHub event, ready for {@code github_events} ({@link GithubEnvelope} makes its record): the fields
 * the envelope needs and the record value, which is the event JSON exactly as GitHub sent it plus {@code ingested_at}.
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
}
