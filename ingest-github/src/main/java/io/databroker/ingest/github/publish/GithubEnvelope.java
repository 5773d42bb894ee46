package io.databroker.ingest.github.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.topic.Source;

/**
 * Turns {@link GithubEvent}s from one source URL into {@code github_events} records: key = event id, value = the
 * event JSON, and the binary-mode CloudEvents headers exactly as {@link CloudEventHeaders#write} writes them. The
 * attributes every event of the source shares (spec version, source, type, content type) are encoded once and their
 * headers shared by all records, and the time header is reused while events share a second (an archive hour holds
 * ~50 events per second, in time order): a backfill builds some 200,000 records per hour file.
 *
 * <p>Not thread-safe: one per polling thread (the pollers' {@code poll()} is synchronized).
 */
public final class GithubEnvelope {

    private final Header specVersion = header(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
    private final Header source;
    private final Header type = header(CloudEventHeaders.TYPE, Source.GITHUB.eventType());
    private final Header contentType = header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON);
    private Instant lastTime;
    private Header lastTimeHeader;

    /** @param ceSource {@code ce_source}: the Events API or GH Archive base URL the events come from */
    public GithubEnvelope(String ceSource) {
        this.source = header(CloudEventHeaders.SOURCE, ceSource);
    }

    /** The record of {@code event} on {@code topic}. */
    public ProducerRecord<String, byte[]> record(String topic, GithubEvent event) {
        Header[] headers = {specVersion, header(CloudEventHeaders.ID, event.documentId()), source, type,
                time(event.createdAt()), contentType};
        return new ProducerRecord<>(topic, null, event.id(), event.json(), new RecordHeaders(headers));
    }

    private Header time(Instant time) {
        if (!time.equals(lastTime)) {
            lastTimeHeader = header(CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(time));
            lastTime = time;
        }
        return lastTimeHeader;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
