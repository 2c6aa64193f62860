package io.gridalarm.rules;

import java.time.Instant;

/**
 * A roll-up that holds meter alarms back and releases them as the event-time clock passes its deadlines (grouping
 * windows, updates, checks), so that whoever keeps its state can set a timer for the next one.
 */
public interface TimedRollUp<S> {

    /** What of the state decides its next release (null for no state), whatever the version's windows. */
    RollUpDue due(S state);

    /** When the next release is due, in this roll-up's windows, for what a state left due (null: nothing). */
    Instant nextRelease(RollUpDue due);

    /** When the next release is due for this state, or null. */
    default Instant nextRelease(S state) {
        return state == null ? null : nextRelease(due(state));
    }

    /** Releases what is due at the instant. */
    RollUpStep<S> release(S state, Instant now);
}
