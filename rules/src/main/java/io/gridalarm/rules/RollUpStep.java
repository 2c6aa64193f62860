package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import java.util.List;

/** One step of a roll-up: the location's state after it (null when nothing is left) and the alarms to send now. */
public record RollUpStep<S>(S state, List<Alarm> emitted) {

    public RollUpStep {
        emitted = List.copyOf(emitted);
    }
}
