package io.gridalarm.rules;

import io.gridalarm.model.SupplyState;
import io.gridalarm.model.SwitchPosition;
import io.gridalarm.rules.fact.Interruption;
import io.gridalarm.rules.fact.OpenAlarm;
import java.time.Instant;
import java.util.List;

/**
 * What the rules remember about one meter between records: its voltage run, its open alarms, its current loss of
 * supply and its supply control (switch position, commands awaiting outcomes). Empty state is represented by null
 * so that Flink keeps nothing for quiet meters.
 */
public record MeterState(VoltageRun voltageRun, List<OpenAlarm> openAlarms, Interruption interruption,
                         SupplyControl control) {

    public MeterState {
        openAlarms = openAlarms == null ? List.of() : List.copyOf(openAlarms);
    }

    /** The state to keep, or null when there is nothing worth keeping. */
    public static MeterState of(VoltageRun voltageRun, List<OpenAlarm> openAlarms, Interruption interruption,
                                SupplyControl control) {
        return voltageRun == null && (openAlarms == null || openAlarms.isEmpty()) && interruption == null
                && control == null ? null : new MeterState(voltageRun, openAlarms, interruption, control);
    }

    /** The meter's state (which may be null) with other open alarms. */
    public static MeterState withOpenAlarms(MeterState state, List<OpenAlarm> openAlarms) {
        return state == null ? of(null, openAlarms, null, null)
                : of(state.voltageRun(), openAlarms, state.interruption(), state.control());
    }

    /**
     * The meter's supply as a state (which may be null) tells it, learnt at the instant: energised with its switch
     * unknown when nothing is remembered.
     */
    public static SupplyState supplyOf(String meterId, MeterState state, Instant at) {
        SupplyControl control = controlOf(state);
        SwitchPosition position = control == null ? null : control.position();
        Interruption lost = state == null ? null : state.interruption();
        return SupplyState.of(meterId, at, position, position == null ? null : control.positionSince(),
                lost == null ? null : lost.start());
    }

    /** The meter's supply control, or null when nothing is remembered of it. */
    static SupplyControl controlOf(MeterState state) {
        return state == null ? null : state.control();
    }
}
