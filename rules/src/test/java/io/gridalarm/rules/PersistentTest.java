package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcollections.PVector;

/**
 * The roll-up's persistent lists: a step's edits never show in the state it started from (Flink's heap snapshots
 * may still be writing that state), and a sorted one is searched by index.
 */
class PersistentTest {

    @Test
    void editsInAStepLeaveTheStateItStartedFromAsItWas() {
        PVector<String> before = Persistent.vector(List.of("a", "b", "c"));
        EditableList<String> step = new EditableList<>(before);
        step.add("d");
        step.set(0, "A");
        step.remove(1);
        step.add(0, "z");
        assertEquals(List.of("z", "A", "c", "d"), step);
        assertEquals(List.of("z", "A", "c", "d"), step.persistent());
        assertEquals(List.of("a", "b", "c"), before, "the state before the step is untouched");
        assertTrue(step.removedAny());
        assertSame(before, Persistent.vector(before), "a persistent vector is kept, not copied");
    }

    @Test
    void aStepThatOnlyAddsSaysNothingWasRemoved() {
        EditableList<String> step = new EditableList<>(List.of("a"));
        step.add("b");
        step.removeAll(List.of("nothing here"));
        assertFalse(step.removedAny());
        step.removeAll(List.of("a"));
        assertTrue(step.removedAny());
        assertEquals(List.of("b"), step);
    }

    @Test
    void aSortedVectorIsSearchedForItemsAndInsertionPoints() {
        List<Integer> sorted = new ArrayList<>();
        for (int i = 0; i < 1000; i += 2) {
            sorted.add(i);
        }
        PVector<Integer> vector = Persistent.vector(sorted);
        Comparator<Integer> order = Comparator.naturalOrder();
        assertEquals(0, Persistent.search(vector, 0, order));
        assertEquals(250, Persistent.search(vector, 500, order));
        assertEquals(-(1 + 1), Persistent.search(vector, 1, order), "1 would go at index 1");
        assertEquals(-(500 + 1), Persistent.search(vector, 2000, order), "past the end");
        assertEquals(-1, Persistent.search(vector, -5, order), "before the start");
        assertEquals(-1, Persistent.search(List.of(), 3, order), "an empty list");
    }
}
