package io.gridalarm.jobs.functions;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/** Where a part of the rule operator gets its value states: Flink's own, or {@link HeldState held} in memory. */
interface ValueStates {

    <T> ValueState<T> get(ValueStateDescriptor<T> descriptor);

    /** The operator's keyed state itself. */
    static ValueStates of(RuntimeContext context) {
        return context::getState;
    }
}
