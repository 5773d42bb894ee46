package io.databroker.ingest.github.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void evictsTheOldestBeyondItsCapacity() {
        RecentIds ids = new RecentIds(3, List.of("1", "2"));

        ids.addAll(List.of("3", "4"));

        assertThat(ids.toList()).containsExactly("2", "3", "4");
        assertThat(ids.contains("1")).isFalse();
    }

    @Test
    void plusLeavesTheOriginalUnchanged() {
        RecentIds ids = new RecentIds(2, List.of("1"));

        RecentIds more = ids.plus(List.of("2", "3"));

        assertThat(ids.toList()).containsExactly("1");
        assertThat(more.toList()).containsExactly("2", "3");
    }
}
