package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.rules.RollUpDue;
import io.gridalarm.rules.RollUpState;
import io.gridalarm.rules.RollUpStep;
import io.gridalarm.rules.TimedRollUp;
import io.gridalarm.rules.VoltageRollUpState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;

/**
 * A location's roll-up state (outages, or voltage excursions) in Flink state: applies the roll-up's steps to it (a
 * meter alarm handed over), releases what falls due as the clock passes it, each with its event-time timer, and
 * returns what the roll-up sends. Beside the state it keeps what the state has due ({@link RollUpDue}): every record
 * of the location asks when the next release is, and in a storm the state holds thousands of meters, which on RocksDB
 * would be read whole for each record.
 */
final class RollUpKeeper<S> {

    /** The roll-up of the rule-set version that applies at an instant. */
    interface RollUpAt<S> {
        TimedRollUp<S> at(long time) throws Exception;
    }

    private final ValueState<S> state;
    private final ValueState<RollUpDue> due;

    private RollUpKeeper(ValueStates states, String name, TypeInformation<S> type) {
        this.state = states.get(new ValueStateDescriptor<>(name, type));
        this.due = states.get(new ValueStateDescriptor<>(name + "-due", GridAlarmTypes.ROLL_UP_DUE));
    }

    /** The outage roll-up's keeper. */
    static RollUpKeeper<RollUpState> outages(ValueStates states) {
        return new RollUpKeeper<>(states, "outage-roll-up", GridAlarmTypes.ROLL_UP_STATE);
    }

    /** The voltage roll-up's keeper. */
    static RollUpKeeper<VoltageRollUpState> voltage(ValueStates states) {
        return new RollUpKeeper<>(states, "voltage-roll-up", GridAlarmTypes.VOLTAGE_STATE);
    }

    /** Applies a step to the state, with a timer for the roll-up's next release; returns the alarms to send. */
    List<Alarm> step(TimedRollUp<S> rollUp, Function<S, RollUpStep<S>> step, TimerService timers) throws Exception {
        return keep(rollUp, step.apply(state.value()), timers);
    }

    /**
     * Applies a step that sets no new deadline (voltage reads released by the reads' clock), so no timer: at the end
     * of the input a timer set again for an unchanged deadline would fire, and release, forever.
     */
    List<Alarm> stepWithoutTimer(TimedRollUp<S> rollUp, Function<S, RollUpStep<S>> step) throws Exception {
        S current = state.value();
        if (current == null) {
            return List.of();
        }
        return keep(rollUp, step.apply(current), null);
    }

    /** Releases, in order, everything due at or before the instant; returns the alarms to send. */
    List<Alarm> releaseUpTo(long time, RollUpAt<S> rollUps, TimerService timers) throws Exception {
        Instant first = nextRelease(rollUps.at(time));
        if (first == null || first.toEpochMilli() > time) {
            // The state is read only when something in it is due.
            return List.of();
        }
        List<Alarm> sent = new ArrayList<>(0);
        S current = state.value();
        Instant release;
        while ((release = rollUps.at(time).nextRelease(current)) != null && release.toEpochMilli() <= time) {
            TimedRollUp<S> rollUp = rollUps.at(release.toEpochMilli());
            RollUpStep<S> result = rollUp.release(current, release);
            sent.addAll(keep(rollUp, result, timers));
            current = result.state();
        }
        return sent;
    }

    /** True when the location holds nothing in this roll-up (checked first: most records find it so). */
    boolean isEmpty() throws Exception {
        return due.value() == null && state.value() == null;
    }

    /** When the next release is due, or null. */
    Instant nextRelease(TimedRollUp<S> rollUp) throws Exception {
        RollUpDue pending = due.value();
        if (pending == null) {
            // Nothing kept, or state kept by a job that did not keep what it had due beside it.
            S current = state.value();
            if (current == null) {
                return null;
            }
            pending = rollUp.due(current);
            due.update(pending);
        }
        return rollUp.nextRelease(pending);
    }

    private List<Alarm> keep(TimedRollUp<S> rollUp, RollUpStep<S> result, TimerService timers) throws Exception {
        if (result.state() == null) {
            state.clear();
            due.clear();
        } else {
            state.update(result.state());
            RollUpDue pending = rollUp.due(result.state());
            due.update(pending);
            Instant next = timers == null ? null : rollUp.nextRelease(pending);
            if (next != null) {
                timers.registerEventTimeTimer(next.toEpochMilli());
            }
        }
        return result.emitted();
    }
}
