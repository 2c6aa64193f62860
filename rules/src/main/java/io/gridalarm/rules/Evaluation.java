package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.rules.fact.SupplyEvent;
import java.util.List;

/**
 * What evaluating one record (or the passing of time) gave: the alarms emitted, in firing order, those of them the
 * rules handed to the outage roll-up ({@code outages}, the rest are routed as they are), the meter's state to keep
 * (null for none), and the supply changes worked out on the way (for reliability counts).
 */
public record Evaluation(List<Alarm> alarms, List<MeterOutage> outages, MeterState state,
                         List<SupplyEvent> supplyEvents) {

    public Evaluation {
        alarms = List.copyOf(alarms);
        outages = List.copyOf(outages);
        supplyEvents = List.copyOf(supplyEvents);
    }

    /** An evaluation that emitted what the collector holds. */
    static Evaluation of(AlarmCollector.Drained drained, MeterState state, List<SupplyEvent> supplyEvents) {
        return new Evaluation(drained.alarms(), drained.outages(), state, supplyEvents);
    }

    /** Nothing emitted. */
    static Evaluation nothing(MeterState state) {
        return new Evaluation(List.of(), List.of(), state, List.of());
    }

    /** The roll-up's view of an alarm of this evaluation, or null when the alarm is routed as it is. */
    public MeterOutage forRollUp(Alarm alarm) {
        for (MeterOutage outage : outages) {
            if (outage.alarm() == alarm) {
                return outage;
            }
        }
        return null;
    }
}
