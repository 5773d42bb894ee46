package io.databroker.ingest.github.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.databroker.shared.envelope.CloudEvent;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.topic.Source;

class GithubEnvelopeTest {

    private static final String ARCHIVE = "https://data.gharchive.org";

    private final GithubEnvelope envelope = new GithubEnvelope(ARCHIVE);

    @Test
    void makesTheRecordWithTheHeadersCloudEventHeadersWrites() {
        GithubEvent event = event("2489651045", "2015-01-01T15:00:01Z");

        ProducerRecord<String, byte[]> record = envelope.record("github_events", event);

        RecordHeaders expected = new RecordHeaders();
        CloudEventHeaders.write(new CloudEvent("github:2489651045", ARCHIVE, Source.GITHUB.eventType(),
                Instant.parse("2015-01-01T15:00:01Z")), expected);
        assertThat(record.topic()).isEqualTo("github_events");
        assertThat(record.key()).isEqualTo("2489651045");
        assertThat(record.value()).isSameAs(event.json());
        assertThat(record.partition()).isNull();
        assertThat(texts(record.headers().toArray())).containsExactly(texts(expected.toArray()));
    }

    @Test
    void givesEachRecordItsOwnIdAndTimeWhenEventsShareOrChangeTheirSecond() {
        ProducerRecord<String, byte[]> first = envelope.record("t", event("1", "2015-01-01T15:00:01Z"));
        ProducerRecord<String, byte[]> sameSecond = envelope.record("t", event("2", "2015-01-01T15:00:01Z"));
        ProducerRecord<String, byte[]> later = envelope.record("t", event("3", "2015-01-01T15:00:02Z"));
        ProducerRecord<String, byte[]> earlierAgain = envelope.record("t", event("4", "2015-01-01T15:00:01Z"));

        assertThat(CloudEventHeaders.read(first.headers())).contains(cloudEvent("1", "2015-01-01T15:00:01Z"));
        assertThat(CloudEventHeaders.read(sameSecond.headers())).contains(cloudEvent("2", "2015-01-01T15:00:01Z"));
        assertThat(CloudEventHeaders.read(later.headers())).contains(cloudEvent("3", "2015-01-01T15:00:02Z"));
        assertThat(CloudEventHeaders.read(earlierAgain.headers())).contains(cloudEvent("4", "2015-01-01T15:00:01Z"));
    }

    private static CloudEvent cloudEvent(String id, String time) {
        return new CloudEvent("github:" + id, ARCHIVE, Source.GITHUB.eventType(), Instant.parse(time));
    }

    private static GithubEvent event(String id, String createdAt) {
        return new GithubEvent(id, "PushEvent", Instant.parse(createdAt),
                ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String[] texts(Header[] headers) {
        String[] texts = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            texts[i] = headers[i].key() + "=" + new String(headers[i].value(), StandardCharsets.UTF_8);
        }
        return texts;
    }
}
