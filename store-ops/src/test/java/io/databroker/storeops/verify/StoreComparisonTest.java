package io.databroker.storeops.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.databroker.shared.topic.Source;

class StoreComparisonTest {

    private static final LocalDate OLD = LocalDate.of(2026, 11, 1);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

    @Test
    void namesTheIdsEachStoreMissesPerDaySortedAndCapped() {
        Map<Store, DayIds> stores = stores(day -> true);
        List.of("a", "b", "c", "d").forEach(id -> stores.get(Store.TOPIC).add(DAY, id));
        List.of("a", "b").forEach(id -> stores.get(Store.ELASTICSEARCH).add(DAY, id));
        List.of("a", "b", "c", "d", "e").forEach(id -> stores.get(Store.DELTA).add(DAY, id));

        VerifyReport.SourceReport report = new StoreComparison(1).compare(Source.NEWS, List.of(DAY), stores);

        VerifyReport.DayReport day = report.days().get(0);
        assertThat(report.agree()).isFalse();
        assertThat(day.counts()).containsEntry(Store.TOPIC, 4).containsEntry(Store.ELASTICSEARCH, 2)
                .containsEntry(Store.DELTA, 5);
        assertThat(day.missing()).containsExactlyInAnyOrderEntriesOf(Map.of(Store.TOPIC, 1, Store.ELASTICSEARCH, 3));
        assertThat(day.samples().get(Store.ELASTICSEARCH)).containsExactly("c");
        assertThat(report.missingPerStore()).containsEntry(Store.DELTA, 0).containsEntry(Store.ELASTICSEARCH, 3);
    }

    @Test
    void aStoreThatDoesNotCoverADayIsLeftOutOfItsComparison() {
        Map<Store, DayIds> stores = stores(day -> !day.equals(OLD));
        stores.put(Store.DELTA, new DayIds(day -> true));
        stores.get(Store.DELTA).add(OLD, "old");
        stores.values().forEach(ids -> ids.add(DAY, "new"));

        VerifyReport.SourceReport report = new StoreComparison(20).compare(Source.NEWS, List.of(OLD, DAY), stores);

        assertThat(report.agree()).isTrue();
        assertThat(report.days().get(0).counts()).containsOnlyKeys(Store.DELTA);
    }

    @Test
    void unsettledIdsAreRemovedFromEveryStore() {
        Map<Store, DayIds> stores = stores(day -> true);
        stores.get(Store.TOPIC).add(DAY, "fresh");
        stores.values().forEach(ids -> ids.removeAll(java.util.Set.of("fresh")));

        assertThat(new StoreComparison(20).compare(Source.NEWS, List.of(DAY), stores).agree()).isTrue();
    }

    private static Map<Store, DayIds> stores(java.util.function.Predicate<LocalDate> covers) {
        Map<Store, DayIds> stores = new EnumMap<>(Store.class);
        for (Store store : Store.values()) {
            stores.put(store, new DayIds(covers));
        }
        return stores;
    }
}
