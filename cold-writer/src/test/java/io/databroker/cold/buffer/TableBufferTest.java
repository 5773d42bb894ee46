package io.databroker.cold.buffer;

import static io.databroker.cold.buffer.FlushPolicyTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.cold.delta.CoercedRow;

class TableBufferTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void tracksTheLastOffsetPerPartitionIncludingDeadLetteredRecords() {
        TableBuffer buffer = new TableBuffer();
        buffer.add(0, 10, row(), 5, T0);
        buffer.skip(0, 11, T0);
        buffer.add(2, 3, row(), 7, T0);

        assertThat(buffer.lastOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 11L, 2, 3L));
        assertThat(buffer.rowCount()).isEqualTo(2);
        assertThat(buffer.bytes()).isEqualTo(12);
        assertThat(buffer.lastOffset(1)).isEmpty();
    }

    @Test
    void returnsRowsPartitionByPartitionInOffsetOrder() {
        TableBuffer buffer = new TableBuffer();
        CoercedRow a = row();
        CoercedRow b = row();
        CoercedRow c = row();
        buffer.add(1, 1, c, 1, T0);
        buffer.add(0, 1, a, 1, T0);
        buffer.add(0, 2, b, 1, T0);

        assertThat(buffer.rows()).containsExactly(a, b, c);
    }

    @Test
    void dropsRevokedPartitionsOnly() {
        TableBuffer buffer = new TableBuffer();
        buffer.add(0, 1, row(), 5, T0);
        buffer.add(1, 1, row(), 7, T0.plusSeconds(1));

        buffer.drop(List.of(0, 3));

        assertThat(buffer.lastOffsets()).containsExactly(Map.entry(1, 1L));
        assertThat(buffer.rowCount()).isEqualTo(1);
        assertThat(buffer.bytes()).isEqualTo(7);
        assertThat(buffer.oldestConsumedAt()).contains(T0.plusSeconds(1));
    }

    @Test
    void refusesAnOffsetThatIsNotAfterTheBufferedOne() {
        TableBuffer buffer = new TableBuffer();
        buffer.add(0, 5, row(), 1, T0);

        assertThatThrownBy(() -> buffer.add(0, 5, row(), 1, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isEmptyAgainAfterClear() {
        TableBuffer buffer = new TableBuffer();
        buffer.skip(0, 1, T0);
        assertThat(buffer.isEmpty()).isFalse();

        buffer.clear();

        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.rows()).isEmpty();
        assertThat(buffer.oldestConsumedAt()).isEmpty();
    }
}
