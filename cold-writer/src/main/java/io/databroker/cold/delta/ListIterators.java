package io.databroker.cold.delta;

import java.util.Iterator;
import java.util.List;

import io.delta.kernel.utils.CloseableIterator;

/** Kernel's iterators over in-memory lists (Kernel's own helper for this sits in an {@code internal} package). */
final class ListIterators {

    private ListIterators() {
    }

    static <T> CloseableIterator<T> of(List<T> list) {
        Iterator<T> iterator = list.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return iterator.hasNext();
            }

            @Override
            public T next() {
                return iterator.next();
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
