package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * A location's meter deadlines (a confirmation delay running out) in Flink state, each with its event-time timer,
 * taken in time order so they are settled before any later record of the location, whatever meter it is from.
 */
final class DeadlineQueue {

    private final ValueState<Deadlines> deadlines;

    DeadlineQueue(RuntimeContext context) {
        this(context, "deadlines");
    }

    /** A queue of its own, under another state name (one meter, one instant in each queue). */
    DeadlineQueue(RuntimeContext context, String stateName) {
        this.deadlines = context.getState(
                new ValueStateDescriptor<>(stateName, GridAlarmTypes.DEADLINES));
    }

    /** The meter waits for the instant; a timer fires then. */
    void add(String meterId, Instant due, TimerService timers) throws Exception {
        Deadlines waiting = deadlines.value();
        Deadlines.Deadline deadline = new Deadlines.Deadline(due.toEpochMilli(), meterId);
        deadlines.update(waiting == null ? new Deadlines(List.of(deadline)) : waiting.with(deadline));
        timers.registerEventTimeTimer(deadline.time());
    }

    /** The meter's deadline has nothing left to decide (its supply is back). */
    void cancel(String meterId) throws Exception {
        Deadlines waiting = deadlines.value();
        if (waiting != null) {
            deadlines.update(waiting.without(meterId));
        }
    }

    /** Removes and returns the deadlines at or before the instant, in order. */
    List<Deadlines.Deadline> takeDueBy(long time) throws Exception {
        Deadlines waiting = deadlines.value();
        if (waiting == null) {
            return List.of();
        }
        List<Deadlines.Deadline> due = waiting.dueBy(time);
        if (!due.isEmpty()) {
            deadlines.update(waiting.after(time));
        }
        return due;
    }

    /** The earliest deadline waiting, or {@link Long#MAX_VALUE} when none is. */
    long earliest() throws Exception {
        Deadlines waiting = deadlines.value();
        return waiting == null ? Long.MAX_VALUE : waiting.earliest();
    }
}
