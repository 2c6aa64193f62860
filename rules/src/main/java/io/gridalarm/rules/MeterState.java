package io.gridalarm.rules;

import io.gridalarm.rules.fact.Interruption;
import io.gridalarm.rules.fact.OpenAlarm;
import java.util.List;

/**
 * What the rules remember about one meter between records: its voltage run, its open alarms and its current
 * loss of supply. Empty state
 * is represented by null so that Flink keeps nothing for quiet meters.
 */
public record MeterState(VoltageRun voltageRun, List<OpenAlarm> openAlarms, Interruption interruption) {

    public MeterState {
        openAlarms = openAlarms == null ? List.of() : List.copyOf(openAlarms);
    }

    /** The state to keep, or null when there is nothing worth keeping. */
    public static MeterState of(VoltageRun voltageRun, List<OpenAlarm> openAlarms, Interruption interruption) {
        return voltageRun == null && (openAlarms == null || openAlarms.isEmpty()) && interruption == null
                ? null : new MeterState(voltageRun, openAlarms, interruption);
    }

    /** The meter's state (which may be null) with other open alarms. */
    public static MeterState withOpenAlarms(MeterState state, List<OpenAlarm> openAlarms) {
        return of(state == null ? null : state.voltageRun(), openAlarms, state == null ? null : state.interruption());
    }
}
