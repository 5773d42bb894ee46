package io.databroker.cold.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.databroker.cold.delta.CoercedRow;

class FlushPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private final ParquetSizeEstimate estimate = new ParquetSizeEstimate();
    private final FlushPolicy policy = new FlushPolicy(Duration.ofSeconds(60), 500, 1_000, 3);

    @Test
    void doesNotWriteAnEmptyBuffer() {
        assertThat(policy.shouldFlush(new TableBuffer(), estimate, T0.plus(Duration.ofDays(1)))).isFalse();
    }

    @Test
    void waitsWhileTheOldestRecordIsYoungerThanTheLatency() {
        TableBuffer buffer = new TableBuffer();
        buffer.add(0, 1, row(), 10, T0);
        buffer.add(0, 2, row(), 10, T0.plusSeconds(50));

        assertThat(policy.shouldFlush(buffer, estimate, T0.plusSeconds(59))).isFalse();
    }

    @Test
    void flushesWhenTheOldestRecordReachesTheLatency() {
        TableBuffer buffer = new TableBuffer();
        buffer.add(1, 7, row(), 10, T0.plusSeconds(5));
        buffer.add(0, 1, row(), 10, T0);

        assertThat(policy.shouldFlush(buffer, estimate, T0.plusSeconds(60))).isTrue();
    }

    @Test
    void flushesOnTheMemoryBoundWithoutLatencyExpiration() {
        TableBuffer buffer = new TableBuffer();
        estimate.observe(1_000_000, 100_000);
        buffer.add(0, 1, row(), 999, T0);
        assertThat(policy.shouldFlush(buffer, estimate, T0)).isFalse();

        buffer.add(0, 2, row(), 1, T0);
        assertThat(policy.shouldFlush(buffer, estimate, T0)).isTrue();
    }

    @Test
    void flushesWhenTheBufferIsExpectedToMakeTheTargetParquetSize() {
        TableBuffer buffer = new TableBuffer();
        buffer.add(0, 1, row(), 499, T0);
        // before any commit: one Parquet byte per JSON byte
        assertThat(policy.shouldFlush(buffer, estimate, T0)).isFalse();
        buffer.add(0, 2, row(), 1, T0);
        assertThat(policy.shouldFlush(buffer, estimate, T0)).isTrue();

        // the table's commits compress 4:1, so 500 Parquet bytes take 2000 JSON bytes (over the memory bound here)
        estimate.observe(4_000_000, 1_000_000);
        assertThat(policy.shouldFlush(buffer, estimate, T0)).isFalse();
    }

    @Test
    void flushesOnRowCountWithoutLatencyExpiration() {
        TableBuffer buffer = new TableBuffer();
        buffer.add(0, 1, row(), 1, T0);
        buffer.add(0, 2, row(), 1, T0);
        buffer.add(1, 1, row(), 1, T0);

        assertThat(policy.shouldFlush(buffer, estimate, T0)).isTrue();
    }

    @Test
    void flushesDeadLetteredOffsetsAloneOnceTheyAreOldEnough() {
        TableBuffer buffer = new TableBuffer();
        buffer.skip(0, 5, T0);

        assertThat(policy.shouldFlush(buffer, estimate, T0.plusSeconds(59))).isFalse();
        assertThat(policy.shouldFlush(buffer, estimate, T0.plusSeconds(60))).isTrue();
    }

    @Test
    void refusesSettingsThatWouldNeverOrAlwaysFlush() {
        assertThatThrownBy(() -> new FlushPolicy(Duration.ZERO, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlushPolicy(Duration.ofSeconds(1), 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlushPolicy(Duration.ofSeconds(1), 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    static CoercedRow row() {
        return new CoercedRow(new Object[0], 20_000, 0);
    }
}
