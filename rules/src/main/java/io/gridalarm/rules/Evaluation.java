package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import java.util.List;

/** What evaluating one record gave: alarms to route, and the meter's state to keep (null for none). */
public record Evaluation(List<Alarm> alarms, MeterState state) {

    public Evaluation {
        alarms = List.copyOf(alarms);
    }
}
