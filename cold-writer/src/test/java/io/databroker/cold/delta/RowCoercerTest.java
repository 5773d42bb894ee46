package io.databroker.cold.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.delta.kernel.types.StructType;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.topic.Source;

class RowCoercerTest {

    private static final StructType NEWS = TableSchemas.of(Source.NEWS);
    private final RowCoercer coercer = new RowCoercer(NEWS);

    @Test
    void mapsEveryNewsFieldToItsColumn() {
        CoercedRow row = coercer.coerce(fixture("news-full.json"));

        assertThat(value(row, "id")).isEqualTo("news:4f5a0c9b1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccd");
        assertThat(value(row, "event_time")).isEqualTo(micros("2026-11-20T08:15:30.123Z"));
        assertThat(value(row, "event_date")).isEqualTo((int) LocalDate.parse("2026-11-20").toEpochDay());
        assertThat(value(row, "enriched_at")).isEqualTo(micros("2026-11-20T08:16:01.500Z"));
        assertThat(value(row, "authors")).isEqualTo(List.of("Ada", "Grace"));
        assertThat(value(row, "updated")).isNull();
        assertThat(value(row, "content_hash")).isEqualTo("abc123");
        assertThat(value(row, "arxiv_ids")).isEqualTo(List.of("2411.01234v2"));
        assertThat(value(row, "dois")).isEqualTo(List.of());
        assertThat((Object[]) ((List<?>) value(row, "linked_papers")).get(0))
                .containsExactly("2411.01234", "Exactly-once writes to Delta Lake", "cs.DB");
        assertThat((Object[]) ((List<?>) value(row, "domains")).get(0))
                .containsExactly("github.com", micros("2026-11-01T00:00:00Z"), List.of("140.82.121.4"));
        assertThat(row.eventDate()).isEqualTo((int) LocalDate.parse("2026-11-20").toEpochDay());
        assertThat(row.eventTimeMicros()).isEqualTo(micros("2026-11-20T08:15:30.123Z"));
    }

    @Test
    void mapsAGithubEventWithBigintIdsJoinsAndThePayloadAsCompactJsonText() {
        StructType github = TableSchemas.of(Source.GITHUB);
        CoercedRow row = new RowCoercer(github).coerce(fixture("github-event.json"));

        assertThat(row.values()[github.indexOf("event_id")]).isEqualTo("2489651045");
        assertThat(row.values()[github.indexOf("actor_id")]).isEqualTo(665991L);
        assertThat(row.values()[github.indexOf("repo_id")]).isEqualTo(28688495L);
        assertThat(row.values()[github.indexOf("org_login")]).isNull();
        assertThat(row.values()[github.indexOf("number")]).isNull();
        assertThat(row.values()[github.indexOf("public")]).isEqualTo(true);
        // the object as GitHub sent it, key order kept, no whitespace
        assertThat(row.values()[github.indexOf("payload")]).isEqualTo("{\"push_id\":536863970,\"size\":1,"
                + "\"ref\":\"refs/heads/master\",\"commits\":[{\"sha\":\"6b7ff2d\",\"message\":\"Solution to homework\","
                + "\"distinct\":true}]}");
        Object[] paper = (Object[]) ((List<?>) row.values()[github.indexOf("linked_papers")]).get(0);
        assertThat(paper).containsExactly("2411.01234", "A paper", "cs.DB");
        List<?> domains = (List<?>) row.values()[github.indexOf("domains")];
        assertThat((Object[]) domains.get(0)).containsExactly("example.org", micros("2026-11-01T00:00:00Z"), List.of("93.184.216.34"));
        assertThat((Object[]) domains.get(1)).containsExactly("unseen.example", null, List.of());
        assertThat(row.values()[github.indexOf(TableSchemas.EXTRA)]).isNull();
    }

    @Test
    void mapsAnArxivPaperWithDatesAndAuthorStructs() {
        StructType arxiv = TableSchemas.of(Source.ARXIV);
        CoercedRow row = new RowCoercer(arxiv).coerce(fixture("arxiv-paper.json"));

        assertThat(row.values()[arxiv.indexOf("version")]).isEqualTo(2);
        assertThat(row.values()[arxiv.indexOf("deleted")]).isEqualTo(false);
        assertThat(row.values()[arxiv.indexOf("datestamp")]).isEqualTo((int) LocalDate.parse("2024-11-06").toEpochDay());
        assertThat(row.values()[arxiv.indexOf("created")]).isEqualTo((int) LocalDate.parse("2024-11-01").toEpochDay());
        assertThat(row.values()[arxiv.indexOf("submitted")]).isEqualTo(micros("2024-11-05T17:59:59Z"));
        List<?> authors = (List<?>) row.values()[arxiv.indexOf("authors")];
        assertThat((Object[]) authors.get(1)).containsExactly("Hopper", "Grace", "Jr", List.of());
        assertThat(row.values()[arxiv.indexOf("author_names")]).isEqualTo(List.of("Ada Lovelace", "Grace Hopper Jr"));
        assertThat(row.values()[arxiv.indexOf("dois")]).isEqualTo(List.of("10.1103/physrevd.76.013009"));
        assertThat(row.values()[arxiv.indexOf(TableSchemas.EXTRA)]).isNull();
    }

    @Test
    void mapsADnsResponseWithItsSections() {
        StructType dns = TableSchemas.of(Source.DNS);
        CoercedRow row = new RowCoercer(dns).coerce(fixture("dns-response.json"));

        assertThat(row.values()[dns.indexOf("query_port")]).isEqualTo(53535);
        assertThat(row.values()[dns.indexOf("latency_ms")]).isEqualTo(12.5);
        assertThat(row.values()[dns.indexOf("response_time")]).isEqualTo(micros("2026-11-20T08:00:00.262Z"));
        assertThat((Object[]) ((List<?>) row.values()[dns.indexOf("answers")]).get(0))
                .containsExactly("www.example.co.uk.", "A", 300L, "192.0.2.1");
        assertThat(row.values()[dns.indexOf("authorities")]).isEqualTo(List.of());
        assertThat(row.values()[dns.indexOf("newly_observed")]).isEqualTo(true);
        assertThat(row.values()[dns.indexOf(TableSchemas.EXTRA)]).isNull();
    }

    @Test
    void keepsFieldsWithoutAColumnAsJsonInExtra() {
        CoercedRow row = coercer.coerce(fixture("news-full.json"));

        assertThat(value(row, TableSchemas.EXTRA)).isEqualTo("{\"enclosures\":[\"https://example.org/a.mp3\"]}");
    }

    @Test
    void storesThePayloadAsTheVerbatimJsonTextItArrivedAs() {
        StructType github = TableSchemas.of(Source.GITHUB);
        // numbers a JSON tree would rewrite (1.10 → 1.1, 1e5 → 100000.0, digits past a long or double), escapes
        // and non-ASCII text, whitespace inside the value
        String payload = "{\"size\":1.10,\"big\":123456789012345678901234567890,\"exp\":1e5,\"neg\":-0.0,"
                + "\"pi\":3.14159265358979323846264338327950288,\"s\":\"caf\\u00e9 \\\"q\\\" \u00fc\","
                + " \"list\": [ 1.50 , {\"n\":2E-3} ]}";
        CoercedRow row = new RowCoercer(github).coerce(json("{\"id\":\"github:1\",\"source\":\"github\","
                + "\"event_time\":\"2026-11-20T00:00:00Z\",\"payload\":" + payload + ",\"title\":2.50}"));

        assertThat(row.values()[github.indexOf("payload")]).isEqualTo(payload);
        assertThat(row.values()[github.indexOf("title")]).isEqualTo("2.50");
    }

    @Test
    void keepsExtraFieldsVerbatim() {
        CoercedRow row = coercer.coerce(json("""
                {"id":"n:1","source":"news","event_time":"2026-11-20T00:00:00Z","score": 1.10,
                 "meta":{"w":1e5}, "tag":"\\u00e9"}"""));

        assertThat(value(row, TableSchemas.EXTRA)).isEqualTo("{\"score\": 1.10,\"meta\":{\"w\":1e5},\"tag\":\"\\u00e9\"}");
    }

    @Test
    void readsCanonicalAndOtherInstantFormsAlike() {
        for (String text : List.of("2026-11-20T08:15:30Z", "2026-11-20T08:15:30.1Z", "2026-11-20T08:15:30.123Z",
                "2026-11-20T08:15:30.123456789Z", "1969-12-31T23:59:59.999Z", "2024-02-29T00:00:00Z",
                "2026-11-20T08:15:30+02:00", "2026-11-20T08:15:30.5-11:30")) {
            Instant instant = java.time.OffsetDateTime.parse(text).toInstant();
            assertThat(RowCoercer.toMicros("t", text)).as(text)
                    .isEqualTo(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L);
            assertThat(RowCoercer.toEpochDay("d", text)).as(text)
                    .isEqualTo(LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC).toEpochDay());
        }
        assertThat(RowCoercer.toMicros("t", "1970-01-02")).isEqualTo(86_400L * 1_000_000L);
        for (String bad : List.of("2026-02-30T00:00:00Z", "2026-11-20T24:00:00Z",
                "2026-11-20 08:15:30Z", "2026-13-01", "2026-11-20T08:15:30.1234567891Z")) {
            assertThatThrownBy(() -> RowCoercer.toMicros("t", bad)).as(bad).isInstanceOf(ColumnCoercionException.class);
        }
    }

    @Test
    void rejectsContentAfterTheObjectAsMalformed() {
        assertThatThrownBy(() -> coercer.coerce(json("{\"id\":\"a\",\"source\":\"news\"} {}")))
                .isInstanceOf(RecordRejectedException.class)
                .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(DeadLetterReason.MALFORMED);
    }

    @Test
    void derivesEventDateAsTheUtcDateOfEventTimeWhenAbsent() {
        CoercedRow row = coercer.coerce(fixture("news-minimal.json"));

        // 23:59:59+01:00 is 22:59:59 UTC on the same day
        assertThat(row.eventDate()).isEqualTo((int) LocalDate.parse("2026-11-19").toEpochDay());
        assertThat(value(row, "authors")).isNull();
        assertThat(value(row, TableSchemas.EXTRA)).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void acceptsLosslessConversions() {
        CoercedRow row = coercer.coerce(json("""
                {"id":"n:1","source":"news","event_time":"2026-11-20","title":42,"content":{"html":false},
                 "categories":["a",null]}"""));

        assertThat(value(row, "event_time")).isEqualTo(micros("2026-11-20T00:00:00Z"));
        assertThat(value(row, "title")).isEqualTo("42");
        assertThat(value(row, "content")).isEqualTo("{\"html\":false}");
        assertThat((List<Object>) value(row, "categories")).containsExactly("a", null);
    }

    @Test
    void coercesNumbersBooleansAndDatesOfOtherSources() {
        RowCoercer arxiv = new RowCoercer(TableSchemas.of(Source.ARXIV));
        CoercedRow row = arxiv.coerce(json("""
                {"id":"arxiv:2411.01234v2","source":"arxiv","event_time":"2024-11-02T10:00:00Z","version":"2",
                 "deleted":"false","created":"2024-11-01T23:30:00-02:00",
                 "authors":[{"keyname":"Lovelace","affiliations":["Analytical Engines"]}]}"""));

        StructType schema = TableSchemas.of(Source.ARXIV);
        assertThat(row.values()[schema.indexOf("version")]).isEqualTo(2);
        assertThat(row.values()[schema.indexOf("deleted")]).isEqualTo(false);
        assertThat(row.values()[schema.indexOf("created")]).isEqualTo((int) LocalDate.parse("2024-11-02").toEpochDay());
        Object[] author = (Object[]) ((List<?>) row.values()[schema.indexOf("authors")]).get(0);
        assertThat(author).containsExactly("Lovelace", null, null, List.of("Analytical Engines"));
    }

    @Test
    void rejectsDocumentWithoutId() {
        assertThatThrownBy(() -> coercer.coerce(json("{\"source\":\"news\",\"event_time\":\"2026-11-20T00:00:00Z\"}")))
                .isInstanceOf(ColumnCoercionException.class)
                .hasMessageContaining("column id")
                .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(DeadLetterReason.COERCION_FAILED);
    }

    @Test
    void rejectsUnparseableEventTime() {
        assertThatThrownBy(() -> coercer.coerce(json("{\"id\":\"n:1\",\"source\":\"news\",\"event_time\":\"yesterday\"}")))
                .isInstanceOf(ColumnCoercionException.class)
                .hasMessageContaining("column event_time");
    }

    @Test
    void rejectsValueOfTheWrongShapeNamingItsPath() {
        RowCoercer github = new RowCoercer(TableSchemas.of(Source.GITHUB));
        assertThatThrownBy(() -> github.coerce(json("""
                {"id":"g:1","source":"github","event_time":"2026-11-20T00:00:00Z","linked_papers":[{"id":"x"}, 3]}""")))
                .isInstanceOf(ColumnCoercionException.class)
                .hasMessage("column linked_papers[1]: expected an object, got NUMBER");
        assertThatThrownBy(() -> github.coerce(json("""
                {"id":"g:1","source":"github","event_time":"2026-11-20T00:00:00Z","domains":[{"first_seen":7}]}""")))
                .hasMessage("column domains[0].first_seen: expected an RFC 3339 timestamp string, got NUMBER");
    }

    @Test
    void rejectsIntegerOutOfRange() {
        RowCoercer dns = new RowCoercer(TableSchemas.of(Source.DNS));
        assertThatThrownBy(() -> dns.coerce(json("""
                {"id":"dns:1","source":"dns","event_time":"2026-11-20T00:00:00Z","query_port":4294967296}""")))
                .isInstanceOf(ColumnCoercionException.class)
                .hasMessageContaining("query_port");
    }

    @Test
    void rejectsBytesThatAreNotAJsonObjectAsMalformed() {
        for (String value : List.of("not json", "[1,2]", "\"text\"", "")) {
            assertThatThrownBy(() -> coercer.coerce(json(value)))
                    .as(value)
                    .isInstanceOf(RecordRejectedException.class)
                    .isNotInstanceOf(ColumnCoercionException.class)
                    .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(DeadLetterReason.MALFORMED);
        }
        assertThatThrownBy(() -> coercer.coerce(null)).isInstanceOf(RecordRejectedException.class);
    }

    @Test
    void rejectsDuplicateKeysAsMalformed() {
        assertThatThrownBy(() -> coercer.coerce(json("{\"id\":\"a\",\"id\":\"b\",\"source\":\"news\"}")))
                .isInstanceOf(RecordRejectedException.class)
                .extracting(e -> ((RecordRejectedException) e).reason()).isEqualTo(DeadLetterReason.MALFORMED);
    }

    private static Object value(CoercedRow row, String column) {
        return row.values()[NEWS.indexOf(column)];
    }

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000L;
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) {
        try (InputStream in = RowCoercerTest.class.getResourceAsStream("/documents/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
