package io.gridalarm.jobs.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Value states whose changes are held in memory, by key, and written to Flink's state together: before each
 * checkpoint's barrier ({@link EvaluateRulesOperator}), or once changes of too many keys are held. On RocksDB every
 * access to a value reads or writes it whole, and in a storm a location's roll-up and deadlines hold thousands of
 * meters, changed by every alert of the location: held, such a value is written once per checkpoint instead of once
 * per alert. What is held is the truth for its key until it is written; a value not held is read from Flink's state.
 * A failure loses nothing that a checkpoint had: the job restarts from the checkpoint, which holds every change made
 * before it.
 */
final class HeldState implements ValueStates {

    private static final Object CLEARED = new Object();

    private final RuntimeContext context;
    private final KeyContext keys;
    private final int maxKeys;
    private final List<Held<?>> values = new ArrayList<>();
    private final Set<Object> changedKeys = new LinkedHashSet<>();

    /**
     * @param keys the operator, whose current key is set to each changed key in turn when the changes are written
     * @param maxKeys how many keys' changes are held at most before {@link #full()} says to write them
     */
    HeldState(RuntimeContext context, KeyContext keys, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("Held state must hold the changes of at least one key, not " + maxKeys
                    + ".");
        }
        this.context = context;
        this.keys = keys;
        this.maxKeys = maxKeys;
    }

    @Override
    public <T> ValueState<T> get(ValueStateDescriptor<T> descriptor) {
        Held<T> held = new Held<>(context.getState(descriptor));
        values.add(held);
        return held;
    }

    /** Whether changes of as many keys as may be held are held: time to {@link #writeBack()}. */
    boolean full() {
        return changedKeys.size() >= maxKeys;
    }

    /** Writes every held change to Flink's state and holds nothing more; the current key is as it was. */
    void writeBack() throws Exception {
        if (changedKeys.isEmpty()) {
            return;
        }
        Object current = keys.getCurrentKey();
        for (Object key : changedKeys) {
            keys.setCurrentKey(key);
            for (Held<?> held : values) {
                held.writeBack(key);
            }
        }
        for (Held<?> held : values) {
            held.changes.clear();
        }
        changedKeys.clear();
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    /** One value state: its changes by key, {@link #CLEARED} for a value cleared. */
    private final class Held<T> implements ValueState<T> {

        private final ValueState<T> state;
        private final Map<Object, Object> changes = new HashMap<>();

        private Held(ValueState<T> state) {
            this.state = state;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T value() throws java.io.IOException {
            Object changed = changes.get(keys.getCurrentKey());
            if (changed == null) {
                return state.value();
            }
            return changed == CLEARED ? null : (T) changed;
        }

        @Override
        public void update(T value) {
            hold(value == null ? CLEARED : value);
        }

        @Override
        public void clear() {
            hold(CLEARED);
        }

        private void hold(Object change) {
            Object key = keys.getCurrentKey();
            changes.put(key, change);
            changedKeys.add(key);
        }

        @SuppressWarnings("unchecked")
        private void writeBack(Object key) throws java.io.IOException {
            Object changed = changes.get(key);
            if (changed == CLEARED) {
                state.clear();
            } else if (changed != null) {
                state.update((T) changed);
            }
        }
    }
}
