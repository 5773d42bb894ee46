package io.databroker.enrich.join;

import static org.assertj.core.api.Assertions.assertThat;

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
    }
}
