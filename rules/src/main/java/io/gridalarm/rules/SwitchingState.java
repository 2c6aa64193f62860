package io.gridalarm.rules;

import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.SwitchPosition;
import java.util.List;

/**
 * What a location remembers for the switching risk: the meters switched within the window (each once per way, with
 * its path up the tree and network operator) and the asset alarms raised, each quiet until its window has passed.
 */
public record SwitchingState(List<Switched> recent, List<Raised> raised) {

    /** A meter switched: to {@code position} (DISCONNECTED: off; CONNECTED: on again) at {@code time}. */
    public record Switched(String meterId, long time, SwitchPosition position, NetworkPath path,
                           String networkOperator) {
    }

    /** An asset's switching risk raised, not raised again for the same way until {@code until}. */
    public record Raised(String assetId, SwitchPosition position, long until) {
    }

    public SwitchingState {
        recent = recent == null ? List.of() : List.copyOf(recent);
        raised = raised == null ? List.of() : List.copyOf(raised);
    }

    /** The state to keep, or null when there is nothing worth keeping. */
    static SwitchingState of(List<Switched> recent, List<Raised> raised) {
        return recent.isEmpty() && raised.isEmpty() ? null : new SwitchingState(recent, raised);
    }
}
