package io.databroker.cold.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParquetSizeEstimateTest {

    private final ParquetSizeEstimate estimate = new ParquetSizeEstimate();

    @Test
    void assumesOneParquetBytePerJsonByteBeforeLearning() {
        assertThat(estimate.parquetBytes(1_000)).isEqualTo(1_000);
    }

    @Test
    void learnsTheCompressionOfTheLastSizeableCommit() {
        estimate.observe(10_000_000, 2_500_000);
        assertThat(estimate.parquetBytes(4_000)).isEqualTo(1_000);

        estimate.observe(1_000_000, 500_000);
        assertThat(estimate.ratio()).isEqualTo(0.5);
    }

    @Test
    void ignoresCommitsTooSmallToSayAnythingAboutCompression() {
        estimate.observe(ParquetSizeEstimate.MIN_SAMPLE_JSON_BYTES - 1, 10);
        estimate.observe(1_000_000, 0);

        assertThat(estimate.ratio()).isEqualTo(1.0);
    }
}
