package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.rules.fact.SupplyEvent;
import java.util.List;

/**
 * What evaluating one record (or the passing of time) gave: the alarms emitted, in firing order, those of them the
 * rules handed to the outage roll-up ({@code outages}) and to the voltage roll-up ({@code excursions}) (the rest are
 * routed as they are), the meter's state to keep (null for none), and the supply changes worked out on the way (for
 * reliability counts).
 */
public record Evaluation(List<Alarm> alarms, List<MeterAlarm> outages, List<MeterAlarm> excursions,
                         MeterState state, List<SupplyEvent> supplyEvents) {

    public Evaluation {
        alarms = List.copyOf(alarms);
        outages = List.copyOf(outages);
        excursions = List.copyOf(excursions);
        supplyEvents = List.copyOf(supplyEvents);
    }

    /** An evaluation that emitted what the collector holds. */
    static Evaluation of(AlarmCollector.Drained drained, MeterState state, List<SupplyEvent> supplyEvents) {
        return new Evaluation(drained.alarms(), drained.outages(), drained.excursions(), state, supplyEvents);
    }

    /** Nothing emitted. */
    static Evaluation nothing(MeterState state) {
        return new Evaluation(List.of(), List.of(), List.of(), state, List.of());
    }

    /** The outage roll-up's view of an alarm of this evaluation, or null when it is not an outage to roll up. */
    public MeterAlarm forRollUp(Alarm alarm) {
        return find(outages, alarm);
    }

    /** The voltage roll-up's view of an alarm of this evaluation, or null when it is not an excursion to roll up. */
    public MeterAlarm forVoltageRollUp(Alarm alarm) {
        return find(excursions, alarm);
    }

    private static MeterAlarm find(List<MeterAlarm> handed, Alarm alarm) {
        for (MeterAlarm meterAlarm : handed) {
            if (meterAlarm.alarm() == alarm) {
                return meterAlarm;
            }
        }
        return null;
    }
}
