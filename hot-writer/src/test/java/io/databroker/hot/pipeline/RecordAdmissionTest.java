package io.databroker.hot.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.databroker.hot.index.DailyIndexRouter;
import io.databroker.hot.index.HotWindow;
import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.topic.Source;

class RecordAdmissionTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);

    private final RecordAdmission admission = new RecordAdmission(new DailyIndexRouter(""),
            new HotWindow(Duration.ofDays(10), NOW), 1_000);

    @Test
    void indexesTheRecordBytesUnchangedUnderItsIdInTheDailyIndexOfItsEventDate() {
        String json = "{\"id\":\"news:1\",\"payload\":{\"id\":\"nested-ids-are-ignored\"},\"event_date\":\"2026-11-20\","
                + "\"event_time\":\"2026-11-20T23:59:59Z\",\"n\":1.50}";

        Admission.Index index = (Admission.Index) admission.admit(Source.NEWS, bytes(json));

        assertThat(index.action().index()).isEqualTo("news_recent-2026.11.20");
        assertThat(index.action().id()).isEqualTo("news:1");
        assertThat(new String(index.action().document(), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(index.eventTime()).isEqualTo(Instant.parse("2026-11-20T23:59:59Z"));
    }

    @Test
    void rewritesPrettyPrintedJsonOnOneLineForTheBulkApi() {
        Admission.Index index = (Admission.Index) admission.admit(Source.NEWS,
                bytes("{\n  \"id\" : \"news:2\",\n  \"event_date\" : \"2026-11-21\"\n}"));

        assertThat(new String(index.action().document(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"news:2\",\"event_date\":\"2026-11-21\"}");
    }

    @Test
    void rewritesAValueWithALineBreakOnlyBetweenTokensOrAtTheEnd() {
        String escaped = "{\"id\":\"news:4\",\"event_date\":\"2026-11-21\",\"text\":\"two\\nlines\"}";

        assertThat(admission.admit(Source.NEWS, bytes(escaped))).satisfies(a ->
                assertThat(((Admission.Index) a).action().document()).isEqualTo(bytes(escaped)));
        assertThat(admission.admit(Source.NEWS, bytes(escaped + "\r\n"))).satisfies(a ->
                assertThat(((Admission.Index) a).action().document()).isEqualTo(bytes(escaped)));
        assertThat(admission.admit(Source.NEWS, bytes("{\"id\":\"news:4\",\r\"event_date\":\"2026-11-21\"}")))
                .satisfies(a -> assertThat(((Admission.Index) a).action().document())
                        .isEqualTo(bytes("{\"id\":\"news:4\",\"event_date\":\"2026-11-21\"}")));
    }

    @Test
    void readsFractionalEventTimes() {
        Admission.Index index = (Admission.Index) admission.admit(Source.NEWS,
                bytes("{\"id\":\"news:5\",\"event_date\":\"2026-11-21\",\"event_time\":\"2026-11-21T10:00:00.250Z\"}"));

        assertThat(index.eventTime()).isEqualTo(Instant.parse("2026-11-21T10:00:00.250Z"));
    }

    @Test
    void skipsDocumentsWhoseDailyIndexIsAlreadyPastRetention() {
        assertThat(admission.admit(Source.DNS, bytes("{\"id\":\"dns:1\",\"event_date\":\"2026-11-10\"}")))
                .isEqualTo(new Admission.Skip(SkipReason.OUTSIDE_HOT_WINDOW));
    }

    @Test
    void toleratesAMissingOrUnparsableEventTime() {
        Admission.Index index = (Admission.Index) admission.admit(Source.NEWS,
                bytes("{\"id\":\"news:3\",\"event_date\":\"2026-11-21\",\"event_time\":\"yesterday\"}"));

        assertThat(index.eventTime()).isNull();
    }

    @Test
    void rejectsWhatIsNotOneJsonValueAsMalformed() {
        assertRejected("", DeadLetterReason.MALFORMED);
        assertRejected("{\"id\": \"news:x\", \"event_date\": ", DeadLetterReason.MALFORMED);
        assertRejected("{\"id\":\"news:x\",\"event_date\":\"2026-11-21\"} {}", DeadLetterReason.MALFORMED);
        assertRejected("{\"id\":\"news:x\",\"id\":\"news:y\",\"event_date\":\"2026-11-21\"}", DeadLetterReason.MALFORMED);
    }

    @Test
    void rejectsDuplicateNamesInAnyObjectButNotTheSameNameInDifferentObjects() {
        String head = "{\"id\":\"news:d\",\"event_date\":\"2026-11-21\",";
        assertRejected(head + "\"payload\":{\"a\":1,\"b\":[{\"c\":1,\"c\":2}]}}", DeadLetterReason.MALFORMED);
        assertRejected(head + "\"payload\":{\"a\":1,\"a\":2}}", DeadLetterReason.MALFORMED);
        assertRejected(head + "\"payload\":{\"a\":1},\"payload\":{}}", DeadLetterReason.MALFORMED);
        assertThat(admission.admit(Source.NEWS, bytes(head
                + "\"x\":{\"a\":1,\"b\":{\"a\":1}},\"y\":[{\"a\":1},{\"a\":2}],\"a\":{\"id\":7}}")))
                .isInstanceOf(Admission.Index.class);
    }

    @Test
    void findsDuplicatesAmongManyNamesOfOneObject() {
        StringBuilder many = new StringBuilder("{\"id\":\"news:m\",\"event_date\":\"2026-11-21\"");
        for (int i = 0; i < 3 * DuplicateNames.SCAN_LIMIT; i++) {
            many.append(",\"f").append(i).append("\":").append(i);
        }
        assertThat(admission.admit(Source.NEWS, bytes(many + "}"))).isInstanceOf(Admission.Index.class);
        assertRejected(many + ",\"f5\":0}", DeadLetterReason.MALFORMED);
        assertRejected(many + ",\"f" + (3 * DuplicateNames.SCAN_LIMIT - 1) + "\":0}", DeadLetterReason.MALFORMED);
    }

    @Test
    void rejectsWhatIsNotACanonicalDocumentAsASchemaViolation() {
        assertRejected("[1,2]", DeadLetterReason.SCHEMA_VIOLATION);
        assertRejected("{\"event_date\":\"2026-11-21\"}", DeadLetterReason.SCHEMA_VIOLATION);
        assertRejected("{\"id\":7,\"event_date\":\"2026-11-21\"}", DeadLetterReason.SCHEMA_VIOLATION);
        assertRejected("{\"id\":null,\"event_date\":\"2026-11-21\"}", DeadLetterReason.SCHEMA_VIOLATION);
        assertRejected("{\"id\":{\"a\":1},\"event_date\":\"2026-11-21\"}", DeadLetterReason.SCHEMA_VIOLATION);
        assertRejected("{\"id\":\"news:x\",\"event_date\":{\"day\":21}}", DeadLetterReason.SCHEMA_VIOLATION);
    }

    @Test
    void rejectsDocumentsLargerThanTheLimitAsOversized() {
        String big = "{\"id\":\"news:big\",\"event_date\":\"2026-11-21\",\"content\":\"" + "x".repeat(1_000) + "\"}";

        assertRejected(big, DeadLetterReason.OVERSIZED);
    }

    private void assertRejected(String value, DeadLetterReason reason) {
        assertThatThrownBy(() -> admission.admit(Source.NEWS, bytes(value)))
                .isInstanceOf(RecordRejectedException.class)
                .satisfies(e -> assertThat(((RecordRejectedException) e).reason()).isEqualTo(reason));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
