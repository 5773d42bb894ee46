package io.databroker.ingest.github.events;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The ids of the most recently published events, oldest first, bounded: the Events API serves at most 300 events, so
 * any event it can still show was added within the last few polls, and a bound of a few times 300 recognises every
 * overlap between polls while memory (and the cursor that stores the set) stays small. Not thread-safe.
 */
public final class RecentIds {

    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    public RecentIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    public RecentIds(int capacity, Collection<String> oldestFirst) {
        this(capacity);
        addAll(oldestFirst);
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    public boolean isEmpty() {
        return ids.isEmpty();
    }

    public int size() {
        return ids.size();
    }

    /** Adds ids (oldest first), evicting the oldest beyond the capacity. */
    public void addAll(Collection<String> oldestFirst) {
        ids.addAll(oldestFirst);
        Iterator<String> oldest = ids.iterator();
        while (ids.size() > capacity) {
            oldest.next();
            oldest.remove();
        }
    }

    /** A copy with {@code oldestFirst} added; this set is unchanged (so a failed publish changes nothing). */
    public RecentIds plus(Collection<String> oldestFirst) {
        RecentIds copy = new RecentIds(capacity, ids);
        copy.addAll(oldestFirst);
        return copy;
    }

    /** Oldest first. */
    public List<String> toList() {
        return List.copyOf(ids);
    }
}
