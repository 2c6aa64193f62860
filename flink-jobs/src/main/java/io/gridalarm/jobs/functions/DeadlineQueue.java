package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * A location's meter deadlines (a confirmation delay running out) in Flink state, each with its event-time timer,
 * taken in time order so they are settled before any later record of the location, whatever meter it is from. The
 * earliest is kept beside them: every record of the location asks for it, and in a storm a location waits on
 * thousands of meters, which on RocksDB would be read whole for each record.
 */
final class DeadlineQueue {

    private final ValueState<Deadlines> deadlines;
    private final ValueState<Long> earliest;

    DeadlineQueue(RuntimeContext context) {
        this(ValueStates.of(context), "deadlines");
    }

    /** A queue under the state name (one meter, one instant in each queue), in the states given. */
    DeadlineQueue(ValueStates states, String stateName) {
        this.deadlines = states.get(new ValueStateDescriptor<>(stateName, GridAlarmTypes.DEADLINES));
        this.earliest = states.get(new ValueStateDescriptor<>(stateName + "-earliest", Types.LONG));
    }

    /** The meter waits for the instant; a timer fires then. */
    void add(String meterId, Instant due, TimerService timers) throws Exception {
        Deadlines waiting = deadlines.value();
        Deadlines.Deadline deadline = new Deadlines.Deadline(due.toEpochMilli(), meterId);
        keep(waiting == null ? new Deadlines(List.of(deadline)) : waiting.with(deadline));
        timers.registerEventTimeTimer(deadline.time());
    }

    /** The meter's deadline has nothing left to decide (its supply is back). */
    void cancel(String meterId) throws Exception {
        Deadlines waiting = deadlines.value();
        if (waiting != null) {
            keep(waiting.without(meterId));
        }
    }

    /** Removes and returns the deadlines at or before the instant, in order. */
    List<Deadlines.Deadline> takeDueBy(long time) throws Exception {
        if (earliest() > time) {
            return List.of();
        }
        Deadlines waiting = deadlines.value();
        if (waiting == null) {
            // Nothing waits (the instant is the end of time itself).
            return List.of();
        }
        List<Deadlines.Deadline> due = waiting.dueBy(time);
        keep(waiting.after(time));
        return due;
    }

    /** The earliest deadline waiting, or {@link Long#MAX_VALUE} when none is. */
    long earliest() throws Exception {
        Long first = earliest.value();
        if (first == null) {
            // No deadlines, or deadlines kept by a job that did not keep their earliest beside them.
            Deadlines waiting = deadlines.value();
            if (waiting == null) {
                return Long.MAX_VALUE;
            }
            first = waiting.earliest();
            earliest.update(first);
        }
        return first;
    }

    private void keep(Deadlines waiting) throws Exception {
        if (waiting == null) {
            deadlines.clear();
            earliest.clear();
        } else {
            deadlines.update(waiting);
            earliest.update(waiting.earliest());
        }
    }
}
