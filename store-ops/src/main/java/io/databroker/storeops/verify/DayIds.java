package io.databroker.storeops.verify;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The distinct ids one store holds per UTC day ({@code event_date}), and which days it can be asked about at all
 * (the topic only within retention, Elasticsearch only within its window).
 */
public final class DayIds {

    private final Map<LocalDate, Set<String>> ids = new TreeMap<>();
    private final Predicate<LocalDate> covers;

    public DayIds(Predicate<LocalDate> covers) {
        this.covers = covers;
    }

    public void add(LocalDate day, String id) {
        ids.computeIfAbsent(day, d -> new HashSet<>()).add(id);
    }

    public Set<String> of(LocalDate day) {
        return ids.getOrDefault(day, Set.of());
    }

    public boolean covers(LocalDate day) {
        return covers.test(day);
    }

    /** Drops {@code excluded} from every day (ids too recent to judge). */
    public void removeAll(Set<String> excluded) {
        if (!excluded.isEmpty()) {
            ids.values().forEach(set -> set.removeAll(excluded));
        }
    }
}
