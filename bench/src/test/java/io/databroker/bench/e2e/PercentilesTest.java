package io.databroker.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void nearestRankOverAHundredSamples() {
        long[] latencies = LongStream.rangeClosed(1, 100).map(i -> i * SECOND / 10).toArray(); // 0.1 s … 10 s

        Percentiles p = Percentiles.of(latencies, 0);

        assertThat(p.p50()).isEqualTo(5.0);
        assertThat(p.p90()).isEqualTo(9.0);
        assertThat(p.p99()).isEqualTo(9.9);
        assertThat(p.max()).isEqualTo(10.0);
    }

    @Test
    void samplesNeverSeenCountAsInfinitelyLateInsteadOfBeingLeftOut() {
        long[] latencies = LongStream.rangeClosed(1, 98).map(i -> i * SECOND).toArray();

        Percentiles p = Percentiles.of(latencies, 2);

        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p99()).isInfinite();
        assertThat(Percentiles.seconds(p.p99())).isEqualTo("never");
        assertThat(p.describe()).contains("100 samples, 2 never seen");
    }
}
