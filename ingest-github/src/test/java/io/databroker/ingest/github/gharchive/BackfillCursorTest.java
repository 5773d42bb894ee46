package io.databroker.ingest.github.gharchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BackfillCursorTest {

    private static final GhArchiveHour H12 = GhArchiveHour.parse("2015-01-01-12");
    private static final GhArchiveHour H13 = GhArchiveHour.parse("2015-01-01-13");
    private static final HourRange RANGE = new HourRange(H12, H13);

    @Test
    void startsAtTheFirstLineOfTheFirstHour() {
        BackfillCursor cursor = BackfillCursor.initial(RANGE);

        assertThat(cursor.nextHour()).isEqualTo(H12);
        assertThat(cursor.linesDone()).isZero();
        assertThat(cursor.finished()).isFalse();
        assertThat(cursor.key()).isEqualTo("github:gharchive:2015-01-01-12..2015-01-01-13");
    }

    @Test
    void resumesAfterTheLastCommittedLineOfAnHour() {
        BackfillCursor cursor = BackfillCursor.initial(RANGE).afterChunk(H12, 5000);

        assertThat(cursor.nextHour()).isEqualTo(H12);
        assertThat(cursor.linesDone()).isEqualTo(5000);
    }

    @Test
    void movesToTheNextHourOnceAnHourIsDoneAndFinishesAfterTheLast() {
        BackfillCursor twelveDone = BackfillCursor.initial(RANGE).hourDone(H12, 8273);

        assertThat(twelveDone.nextHour()).isEqualTo(H13);
        assertThat(twelveDone.linesDone()).isZero();
        assertThat(twelveDone.finished()).isFalse();
        assertThat(twelveDone.hourDone(H13, 0).finished()).isTrue();
    }

    @Test
    void survivesJson() {
        BackfillCursor cursor = BackfillCursor.initial(RANGE).afterChunk(H13, 10000);

        assertThat(new String(cursor.toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"from\":\"2015-01-01-12\",\"to\":\"2015-01-01-13\",\"hour\":\"2015-01-01-13\",\"line\":10000,\"hour_complete\":false}");
        assertThat(BackfillCursor.fromJson(cursor.toJson())).isEqualTo(cursor);
        assertThatThrownBy(() -> BackfillCursor.fromJson("{\"hour\":1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
