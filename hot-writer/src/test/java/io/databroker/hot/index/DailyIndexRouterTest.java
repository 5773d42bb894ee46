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
        IndexTarget target = router.route(Source.NEWS, json("""
                {"id":"news:abc","event_date":"2026-11-07","event_time":"2026-11-07T23:59:59Z"}"""));

        assertThat(target).isEqualTo(new IndexTarget("news_recent-2026.11.07", "news:abc", LocalDate.of(2026, 11, 7)));
    }

    @Test
    void ignoresArrivalTimeSoThatARedeliveryLandsInTheSameIndex() {
        JsonNode document = json("""
                {"id":"dns:1","event_date":"2026-01-31","ingested_at":"2026-02-03T00:00:00Z"}""");

        assertThat(router.route(Source.DNS, document)).isEqualTo(router.route(Source.DNS, document));
        assertThat(router.route(Source.DNS, document).index()).isEqualTo("dns_recent-2026.01.31");
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
    @CsvSource(delimiter = '|', value = {
            "no id                    | {\"event_date\":\"2026-11-07\"}",
            "null id                  | {\"id\":null,\"event_date\":\"2026-11-07\"}",
            "blank id                 | {\"id\":\"  \",\"event_date\":\"2026-11-07\"}",
            "numeric id               | {\"id\":42,\"event_date\":\"2026-11-07\"}",
            "no event_date            | {\"id\":\"news:a\"}",
            "event_date as timestamp  | {\"id\":\"news:a\",\"event_date\":\"2026-11-07T10:00:00Z\"}",
            "event_date with slashes  | {\"id\":\"news:a\",\"event_date\":\"2026/11/07\"}",
            "impossible event_date    | {\"id\":\"news:a\",\"event_date\":\"2026-02-30\"}",
            "five-digit year          | {\"id\":\"news:a\",\"event_date\":\"+10000-01-01\"}",
    })
    void rejectsDocumentsItCannotRouteAsSchemaViolations(String description, String document) {
        assertThatThrownBy(() -> router.route(Source.NEWS, json(document)))
                .isInstanceOfSatisfying(RecordRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION));
    }

    @Test
    void rejectsIdsElasticsearchWouldRefuse() {
        String longId = "news:" + "x".repeat(DailyIndexRouter.MAX_ID_BYTES);

        assertThatThrownBy(() -> router.route(Source.NEWS, json("{\"id\":\"" + longId + "\",\"event_date\":\"2026-11-07\"}")))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("512 bytes");
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
