package io.databroker.ingest.github.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.databroker.ingest.github.GithubFixtures;
import io.databroker.shared.json.Json;
import tools.jackson.databind.JsonNode;

class GithubEventParserTest {

    private static final Instant INGESTED = Instant.parse("2026-01-06T06:00:00Z");
    private static final byte[] FIELD = GithubEventParser.ingestedAtField(INGESTED);
    private final GithubEventParser parser = new GithubEventParser(1_000_000);

    @Test
    void keepsTheEventByteForByteAndAddsIngestedAt() {
        String line = GithubFixtures.archiveLines("2015-01-01-12.json").get(0);

        GithubEvent event = parse(line);

        assertThat(event.id()).isEqualTo("2489582589");
        assertThat(event.type()).isEqualTo("WatchEvent");
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2015-01-01T12:00:01Z"));
        assertThat(event.documentId()).isEqualTo("github:2489582589");
        assertThat(new String(event.json(), StandardCharsets.UTF_8))
                .isEqualTo(line.substring(0, line.length() - 1) + ",\"ingested_at\":\"2026-01-06T06:00:00Z\"}");
    }

    @Test
    void keepsThePayloadAndUnknownFieldsVerbatim() {
        String line = "{\"id\":\"1\",\"type\":\"PushEvent\",\"actor\":{\"id\":2,\"login\":\"a\",\"extra\":[1,{\"x\":null}]},"
                + "\"repo\":{\"id\":3,\"name\":\"a/b\"},\"payload\":{\"size\":1.50,\"big\":123456789012345678901234567890,"
                + "\"text\":\"caf\\u00e9 \\\"q\\\"\"},\"public\":true,\"created_at\":\"2015-01-01T12:00:01Z\",\"new_field\":{\"k\":[]}}  ";

        JsonNode value = Json.mapper().readTree(parse(line).json());

        assertThat(new String(parse(line).json(), StandardCharsets.UTF_8)).contains("\"size\":1.50",
                "123456789012345678901234567890", "caf\\u00e9 \\\"q\\\"", "\"new_field\":{\"k\":[]}");
        assertThat(value.get("ingested_at").asString()).isEqualTo("2026-01-06T06:00:00Z");
    }

    @Test
    void doesNotAddASecondIngestedAt() {
        String line = "{\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},"
                + "\"created_at\":\"2015-01-01T12:00:01Z\",\"ingested_at\":\"2015-01-01T13:00:00Z\"}";

        assertThat(new String(parse(line).json(), StandardCharsets.UTF_8)).isEqualTo(line);
    }

    @Test
    void readsAnOffsetSliceOfABuffer() {
        String line = GithubFixtures.archiveLines("2015-01-01-12.json").get(1);
        byte[] buffer = ("garbage\n" + line + "\nmore").getBytes(StandardCharsets.UTF_8);

        GithubEvent event = parser.parse(buffer, 8, line.getBytes(StandardCharsets.UTF_8).length, FIELD);

        assertThat(event.id()).isEqualTo("2489582590");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cut in the middle      | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\"",
            "HTML                   | <html><body>502</body></html>",
            "an array               | [1,2]",
            "two objects            | {\"id\":\"1\"} {\"id\":\"2\"}",
            "a duplicate key        | {\"id\":\"1\",\"id\":\"2\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
    })
    void rejectsWhatIsNotOneJsonObjectAsMalformed(String why, String line) {
        assertThatThrownBy(() -> parse(line)).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.reason()).isEqualTo(SkipReason.MALFORMED));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no id                | {\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "numeric id           | {\"id\":1,\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "id not digits        | {\"id\":\"a1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "empty type           | {\"id\":\"1\",\"type\":\"\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "pre-2015 actor       | {\"id\":\"1\",\"type\":\"X\",\"actor\":\"a\",\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "no actor login       | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"id\":1},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "actor id a string    | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"id\":\"1\",\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "no repo              | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "payload an array     | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"payload\":[],\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "public a string      | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"public\":\"yes\",\"created_at\":\"2015-01-01T12:00:01Z\"}",
            "no created_at        | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"}}",
            "created_at no zone   | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T12:00:01\"}",
            "created_at Feb 30    | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-02-30T12:00:01Z\"}",
            "created_at hour 24   | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-01-01T24:00:01Z\"}",
            "created_at letters   | {\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},\"created_at\":\"2015-0a-01T12:00:01Z\"}",
    })
    void rejectsEventsTheSchemaWouldRejectAsInvalid(String why, String line) {
        assertThatThrownBy(() -> parse(line)).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.reason()).isEqualTo(SkipReason.INVALID_EVENT));
    }

    @Test
    void acceptsAnOffsetCreatedAt() {
        String line = "{\"id\":\"1\",\"type\":\"X\",\"actor\":{\"login\":\"a\"},\"repo\":{\"name\":\"a/b\"},"
                + "\"created_at\":\"2015-01-01T14:00:01+02:00\"}";

        assertThat(parse(line).createdAt()).isEqualTo(Instant.parse("2015-01-01T12:00:01Z"));
    }

    @Test
    void rejectsAnEventLargerThanARecordMayBe() {
        String line = GithubFixtures.archiveLines("2015-01-01-12.json").get(0);
        GithubEventParser small = new GithubEventParser(line.length());

        assertThatThrownBy(() -> small.parse(line.getBytes(StandardCharsets.UTF_8), 0, line.length(), FIELD))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(SkipReason.OVERSIZED));
    }

    @Test
    void parsesEveryEventOfEveryFixture() {
        List<String> lines = GithubFixtures.archiveLines("2015-01-01-12.json");
        for (String line : lines) {
            assertThat(parse(line).id()).isNotBlank();
        }
        for (JsonNode element : Json.mapper().readTree(GithubFixtures.eventsPage("public-events-2025-06.json"))) {
            byte[] bytes = Json.mapper().writeValueAsBytes(element);
            assertThat(parser.parse(bytes, 0, bytes.length, FIELD).id()).isEqualTo(element.get("id").asString());
        }
    }

    private GithubEvent parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length, FIELD);
    }
}
