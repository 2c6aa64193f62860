package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.rules.MeterOutage;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.RollUpState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;

/**
 * A location's outage roll-up state in Flink state: feeds it the rules' meter outages, releases grouping windows
 * and nested-outage checks as they fall due (each with its event-time timer), and returns what the roll-up sends.
 */
final class RollUpKeeper {

    /** The roll-up of the rule-set version that applies at an instant. */
    interface RollUpAt {
        OutageRollUp at(long time) throws Exception;
    }

    private final ValueState<RollUpState> state;

    RollUpKeeper(RuntimeContext context) {
        this.state = context.getState(new ValueStateDescriptor<>("outage-roll-up", GridAlarmTypes.ROLL_UP_STATE));
    }

    /** Hands the roll-up a meter outage; returns the alarms to send now. */
    List<Alarm> accept(OutageRollUp rollUp, MeterOutage outage, TimerService timers) throws Exception {
        return keep(rollUp, rollUp.accept(state.value(), outage), timers);
    }

    /** Releases, in order, everything due at or before the instant; returns the alarms to send. */
    List<Alarm> releaseUpTo(long time, RollUpAt rollUps, TimerService timers) throws Exception {
        List<Alarm> sent = new ArrayList<>(0);
        RollUpState current = state.value();
        Instant release;
        while ((release = rollUps.at(time).nextRelease(current)) != null && release.toEpochMilli() <= time) {
            OutageRollUp rollUp = rollUps.at(release.toEpochMilli());
            OutageRollUp.Result result = rollUp.release(current, release);
            sent.addAll(keep(rollUp, result, timers));
            current = result.state();
        }
        return sent;
    }

    /** When the next release is due, or null. */
    Instant nextRelease(OutageRollUp rollUp) throws Exception {
        return rollUp.nextRelease(state.value());
    }

    private List<Alarm> keep(OutageRollUp rollUp, OutageRollUp.Result result, TimerService timers)
            throws Exception {
        if (result.state() == null) {
            state.clear();
        } else {
            state.update(result.state());
            Instant next = rollUp.nextRelease(result.state());
            if (next != null) {
                timers.registerEventTimeTimer(next.toEpochMilli());
            }
        }
        return result.emitted();
    }
}
