package io.databroker.cold.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TableLocationTest {

    @Test
    void appendsTheTableToARemoteBase() {
        assertThat(TableLocation.of("s3a://lake/data-broker/", "news_historical"))
                .isEqualTo("s3a://lake/data-broker/news_historical");
        assertThat(TableLocation.of("abfss://c@acct.dfs.core.windows.net/cold", "dns_historical"))
                .isEqualTo("abfss://c@acct.dfs.core.windows.net/cold/dns_historical");
    }

    @Test
    void resolvesRelativeLocalBasesAgainstTheWorkingDirectory() {
        String expected = "file://" + Path.of("data/cold-store").toAbsolutePath() + "/news_historical";

        assertThat(TableLocation.of("file:./data/cold-store", "news_historical")).isEqualTo(expected);
        assertThat(TableLocation.of("./data/cold-store/", "news_historical")).isEqualTo(expected);
    }

    @Test
    void keepsAbsoluteFileUris() {
        assertThat(TableLocation.of("file:///var/lib/cold", "arxiv_historical")).isEqualTo("file:///var/lib/cold/arxiv_historical");
        assertThat(TableLocation.of("file:/var/lib/cold", "arxiv_historical")).isEqualTo("file:/var/lib/cold/arxiv_historical");
    }

    @Test
    void refusesBlankBase() {
        assertThatThrownBy(() -> TableLocation.of(" ", "news_historical")).isInstanceOf(IllegalArgumentException.class);
    }
}
