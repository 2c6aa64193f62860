package io.gridalarm.rules;

import java.util.Comparator;
import java.util.List;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * Persistent lists for roll-up state: a changed copy shares all but one path with the list it came from, so a storm's
 * thousands of meters join and leave a location's state one at a time without the state being copied each time.
 * Values stay immutable, as Flink's heap snapshots and the state serializers expect.
 */
final class Persistent {

    private Persistent() {
    }

    /** The list as a persistent vector: itself when it is one, else a copy. */
    static <T> PVector<T> vector(List<T> list) {
        return list instanceof PVector<T> vector ? vector : TreePVector.from(list);
    }

    /**
     * Where the key is in a list sorted by the order: its index, or {@code -(insertion point) - 1}. It searches by
     * index, which a persistent vector answers in logarithmic time ({@code Collections.binarySearch} would walk it).
     */
    static <T> int search(List<T> sorted, T key, Comparator<? super T> order) {
        int low = 0;
        int high = sorted.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int compared = order.compare(sorted.get(middle), key);
            if (compared < 0) {
                low = middle + 1;
            } else if (compared > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }
}
