package io.databroker.hot.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.JsonNode;

class DailyIndexRouterTest {

    private final DailyIndexRouter router = new DailyIndexRouter("");

    @Test
    void routesToTheDailyIndexOfTheEventDateWithTheDocumentIdAsId() {
        IndexTarget target = router.route(Source.NEWS, "news:abc", "2026-11-07");

        assertThat(target).isEqualTo(new IndexTarget("news_recent-2026.11.07", "news:abc", LocalDate.of(2026, 11, 7)));
    }

    @Test
    void namesTheSameIndexAsTheIndexDateFormat() {
        assertThat(router.route(Source.DNS, "dns:1", "2026-01-31").index())
                .isEqualTo("dns_recent-2026.01.31")
                .isEqualTo(router.index(Source.DNS, LocalDate.of(2026, 1, 31)));
        assertThat(router.route(Source.ARXIV, "arxiv:2411.01234", "0001-12-09").index())
                .isEqualTo(router.index(Source.ARXIV, LocalDate.of(1, 12, 9)));
    }

    @Test
    void prefixesIndexAliasPatternAndTemplate() {
        DailyIndexRouter prefixed = new DailyIndexRouter("t1_");

        assertThat(prefixed.index(Source.GITHUB, LocalDate.of(2026, 3, 4))).isEqualTo("t1_github_recent-2026.03.04");
        assertThat(prefixed.alias(Source.GITHUB)).isEqualTo("t1_github_recent");
        assertThat(prefixed.indexPattern(Source.GITHUB)).isEqualTo("t1_github_recent-*");
        assertThat(prefixed.templateName(Source.GITHUB)).isEqualTo("t1_github_recent");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "no id                    | null   | 2026-11-07",
            "blank id                 | '  '   | 2026-11-07",
            "no event_date            | news:a | null",
            "event_date as timestamp  | news:a | 2026-11-07T10:00:00Z",
            "event_date with slashes  | news:a | 2026/11/07",
            "impossible event_date    | news:a | 2026-02-30",
            "year zero                | news:a | 0000-01-01",
            "five-digit year          | news:a | +10000-01-01",
            "signed year              | news:a | +2026-11-07",
            "non-ASCII digits         | news:a | ٢٠٢٦-11-07",
    })
    void rejectsDocumentsItCannotRouteAsSchemaViolations(String description, String id, String eventDate) {
        assertThatThrownBy(() -> router.route(Source.NEWS, id, eventDate))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION));
    }

    @Test
    void routesAParsedDocumentByTheSameRules() {
        JsonNode parsed = Json.mapper().readTree("{\"id\":\"news:abc\",\"event_date\":\"2026-11-07\"}");
        assertThat(router.route(Source.NEWS, parsed))
                .isEqualTo(router.route(Source.NEWS, "news:abc", "2026-11-07"));
        for (String document : new String[] {"{\"id\":42,\"event_date\":\"2026-11-07\"}",
                "{\"id\":null,\"event_date\":\"2026-11-07\"}", "{\"id\":\"news:a\",\"event_date\":{\"d\":7}}"}) {
            assertThatThrownBy(() -> router.route(Source.NEWS, Json.mapper().readTree(document)))
                    .isInstanceOfSatisfying(RecordRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION));
        }
    }

    @Test
    void rejectsIdsElasticsearchWouldRefuse() {
        String longId = "news:" + "x".repeat(DailyIndexRouter.MAX_ID_BYTES);

        assertThatThrownBy(() -> router.route(Source.NEWS, longId, "2026-11-07"))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("512 bytes");
        // 171 three-byte characters: short in UTF-16 units, 513 bytes in UTF-8
        assertThatThrownBy(() -> router.route(Source.NEWS, "€".repeat(171), "2026-11-07"))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("512 bytes");
        assertThat(router.route(Source.NEWS, "€".repeat(170), "2026-11-07").id()).hasSize(170);
    }
}
