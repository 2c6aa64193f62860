package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.rules.fact.SupplyEvent;
import java.util.List;

/**
 * What evaluating one record (or the passing of time) gave: alarms to route, the meter's state to keep (null for
 * none), and the supply changes worked out on the way (for reliability counts).
 */
public record Evaluation(List<Alarm> alarms, MeterState state, List<SupplyEvent> supplyEvents) {

    public Evaluation {
        alarms = List.copyOf(alarms);
        supplyEvents = List.copyOf(supplyEvents);
    }
}
