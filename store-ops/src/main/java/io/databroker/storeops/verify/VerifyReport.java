package io.databroker.storeops.verify;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.databroker.shared.topic.Source;

/**
 * The answer of {@code GET /ops/verify}: per source and day, the distinct ids each covering store holds and, where
 * they differ, how many ids each store misses with a sample of them. {@code agree} decides 200 versus 409.
 */
public record VerifyReport(boolean agree, Instant checkedAt, List<SourceReport> sources) {

    public static VerifyReport of(Instant checkedAt, List<SourceReport> sources) {
        return new VerifyReport(sources.stream().allMatch(SourceReport::agree), checkedAt, List.copyOf(sources));
    }

    /** One source over the days asked for. */
    public record SourceReport(Source source, List<DayReport> days) {

        public boolean agree() {
            return days.stream().allMatch(DayReport::agree);
        }

        /** Ids missing from each store, summed over the days: the value of {@code broker_store_drift}. */
        public Map<Store, Integer> missingPerStore() {
            Map<Store, Integer> totals = new EnumMap<>(Store.class);
            for (Store store : Store.values()) {
                totals.put(store, 0);
            }
            days.forEach(day -> day.missing().forEach((store, count) -> totals.merge(store, count, Integer::sum)));
            return totals;
        }
    }

    /**
     * One UTC day ({@code event_date}) of one source.
     *
     * @param counts  distinct ids per store that covers the day (stores not covering it are absent)
     * @param missing ids the other stores hold and this one does not, per store (absent when none)
     * @param samples some of those ids, sorted
     */
    public record DayReport(LocalDate day, Map<Store, Integer> counts, Map<Store, Integer> missing,
                            Map<Store, List<String>> samples) {

        public boolean agree() {
            return missing.isEmpty();
        }
    }
}
