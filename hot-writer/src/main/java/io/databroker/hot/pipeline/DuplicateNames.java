package io.databroker.hot.pipeline;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The property names seen in each open object of one JSON value, to find a duplicate without allocating per object.
 * Jackson's own check ({@code STRICT_DUPLICATE_DETECTION}) builds a {@code HashSet} for every object of more than two
 * properties: for a canonical document that cost as much CPU and garbage as the tokenisation itself. Names of an
 * object are kept in an array and compared by hash first; an object with more than {@link #SCAN_LIMIT} names switches
 * to a set, so a hostile document cannot make the check quadratic. Not thread-safe; reused value after value.
 */
final class DuplicateNames {

    static final int SCAN_LIMIT = 32;

    private String[][] names = new String[8][];
    private int[] counts = new int[8];
    @SuppressWarnings("unchecked")
    private Set<String>[] large = new Set[8];
    private int depth = -1;

    /** Starts a new value, whose first token opened an object. */
    void startValue() {
        depth = -1;
        openObject();
    }

    /** An object opened inside the current one (or inside an array of it). */
    void openObject() {
        depth++;
        if (depth == counts.length) {
            names = Arrays.copyOf(names, depth * 2);
            counts = Arrays.copyOf(counts, depth * 2);
            large = Arrays.copyOf(large, depth * 2);
        }
        counts[depth] = 0;
        large[depth] = null;
    }

    void closeObject() {
        depth--;
    }

    /** Adds a name of the innermost open object; false when that object already has it. */
    boolean add(String name) {
        Set<String> set = large[depth];
        if (set != null) {
            return set.add(name);
        }
        String[] seen = names[depth];
        int count = counts[depth];
        int hash = name.hashCode();
        for (int i = 0; i < count; i++) {
            String other = seen[i];
            if (other.hashCode() == hash && other.equals(name)) {
                return false;
            }
        }
        if (count == SCAN_LIMIT) {
            set = new HashSet<>(Arrays.asList(seen).subList(0, count));
            set.add(name);
            large[depth] = set;
            return true;
        }
        if (seen == null || count == seen.length) {
            seen = names[depth] = seen == null ? new String[16] : Arrays.copyOf(seen, SCAN_LIMIT);
        }
        seen[count] = name;
        counts[depth] = count + 1;
        return true;
    }
}
