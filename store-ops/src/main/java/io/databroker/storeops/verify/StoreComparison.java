package io.databroker.storeops.verify;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.databroker.shared.topic.Source;

/**
 * The comparison itself, free of any client: per day, the union of the ids of the stores that cover that day is
 * what every one of them should hold; an id missing from a covering store is drift. Stores that do not cover a day
 * (topic past retention, Elasticsearch past its window) are left out of that day's comparison.
 */
public final class StoreComparison {

    private final int sampleSize;

    /** @param sampleSize how many missing ids a day's report names per store (sorted, the smallest first) */
    public StoreComparison(int sampleSize) {
        this.sampleSize = sampleSize;
    }

    public VerifyReport.SourceReport compare(Source source, List<LocalDate> days, Map<Store, DayIds> stores) {
        List<VerifyReport.DayReport> reports = new ArrayList<>();
        for (LocalDate day : days) {
            Map<Store, Integer> counts = new EnumMap<>(Store.class);
            Set<String> union = new HashSet<>();
            stores.forEach((store, ids) -> {
                if (ids.covers(day)) {
                    counts.put(store, ids.of(day).size());
                    union.addAll(ids.of(day));
                }
            });
            Map<Store, Integer> missing = new EnumMap<>(Store.class);
            Map<Store, List<String>> samples = new EnumMap<>(Store.class);
            stores.forEach((store, ids) -> {
                if (!ids.covers(day)) {
                    return;
                }
                Set<String> held = ids.of(day);
                List<String> absent = union.stream().filter(id -> !held.contains(id)).sorted().toList();
                if (!absent.isEmpty()) {
                    missing.put(store, absent.size());
                    samples.put(store, absent.subList(0, Math.min(sampleSize, absent.size())));
                }
            });
            reports.add(new VerifyReport.DayReport(day, counts, missing, samples));
        }
        return new VerifyReport.SourceReport(source, reports);
    }
}
