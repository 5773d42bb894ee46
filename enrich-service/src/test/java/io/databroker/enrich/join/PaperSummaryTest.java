package io.databroker.enrich.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PaperSummaryTest {

    private final PaperSummary v1 = new PaperSummary("2411.01234", 1, "First title", "cs.LG", false);
    private final PaperSummary v2 = new PaperSummary("2411.01234", 2, "Second title", "stat.ML", false);

    @Test
    void higherVersionWinsWhateverTheArrivalOrder() {
        assertThat(PaperSummary.latest(v1, v2)).isEqualTo(v2);
        assertThat(PaperSummary.latest(v2, v1)).isEqualTo(v2);
        assertThat(PaperSummary.latest(null, v1)).isEqualTo(v1);
    }

    @Test
    void deletionKeepsWhatThePaperWas() {
        PaperSummary deletion = new PaperSummary("2411.01234", 2, null, null, true);

        assertThat(PaperSummary.latest(v2, deletion)).isEqualTo(new PaperSummary("2411.01234", 2, "Second title", "stat.ML", true));
    }

    @Test
    void roundTripsThroughJson() {
        assertThat(PaperSummary.fromJson(v2.toJson())).isEqualTo(v2);
        PaperSummary deletion = new PaperSummary("hep-th/9901001", 3, null, null, true);
        assertThat(PaperSummary.fromJson(deletion.toJson())).isEqualTo(deletion);
    }

    /** The enrich-papers topic and the table's changelog already hold this form: it must not change. */
    @Test
    void writesTheJsonTheTablesAlreadyHold() {
        assertThat(new String(new PaperSummary("hep-th/9901001", 3, "A \"quoted\" title", null, true).toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"hep-th/9901001\",\"version\":3,\"title\":\"A \\\"quoted\\\" title\","
                        + "\"primary_category\":null,\"deleted\":true}");
    }

    @Test
    void readsPropertiesInAnyOrderAndSkipsUnknownOnes() {
        String json = "{\"extra\":{\"nested\":[1,{\"id\":\"no\"}]},\"deleted\":false,\"primary_category\":\"cs.LG\","
                + "\"title\":null,\"id\":\"2411.01234\"}";

        assertThat(PaperSummary.fromJson(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new PaperSummary("2411.01234", 1, null, "cs.LG", false));
    }
}
