package io.gridalarm.rules;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.pcollections.PVector;

/**
 * A list that one roll-up step edits in place, over a persistent vector: the state the step leaves shares everything
 * it did not change with the state it started from, so a step that adds one meter costs a logarithm, not a copy.
 */
final class EditableList<T> extends AbstractList<T> implements RandomAccess {

    private PVector<T> items;
    private boolean removedAny;

    EditableList(List<T> from) {
        items = Persistent.vector(from);
    }

    @Override
    public T get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T set(int index, T item) {
        T was = items.get(index);
        items = items.with(index, item);
        return was;
    }

    @Override
    public void add(int index, T item) {
        items = items.plus(index, item);
        modCount++;
    }

    @Override
    public T remove(int index) {
        T was = items.get(index);
        items = items.minus(index);
        removedAny = true;
        modCount++;
        return was;
    }

    /** Whether anything was taken out (what was known of the items as a whole may have changed). */
    boolean removedAny() {
        return removedAny;
    }

    /** The list as it is now, to keep. */
    PVector<T> persistent() {
        return items;
    }
}
