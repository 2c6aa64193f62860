package io.gridalarm.rules;

import io.gridalarm.model.SwitchPosition;
import java.time.Instant;
import java.util.List;

/**
 * What a meter's state remembers of its supply control: where its switch stands and since when (null: no outcome
 * or alert has said), the commands awaiting their outcome in order of sending, and the load limiter's automatic
 * reconnections within the last window.
 */
public record SupplyControl(SwitchPosition position, Instant positionSince, List<PendingCommand> pending,
                            List<Instant> limiterReconnections) {

    public SupplyControl {
        pending = pending == null ? List.of() : List.copyOf(pending);
        limiterReconnections = limiterReconnections == null ? List.of() : List.copyOf(limiterReconnections);
    }

    /** The supply control to keep, or null when there is nothing worth keeping. */
    static SupplyControl of(SwitchPosition position, Instant positionSince, List<PendingCommand> pending,
                            List<Instant> limiterReconnections) {
        return position == null && pending.isEmpty() && limiterReconnections.isEmpty() ? null
                : new SupplyControl(position, positionSince, pending, limiterReconnections);
    }

    /** True when the switch was off (no energy flowing) throughout from the instant on. */
    public boolean offSince(Instant instant) {
        return position != null && position.isOff() && !positionSince.isAfter(instant);
    }
}
