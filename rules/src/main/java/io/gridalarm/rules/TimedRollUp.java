package io.gridalarm.rules;

import java.time.Instant;

/**
 * A roll-up that holds meter alarms back and releases them as the event-time clock passes its deadlines (grouping
 * windows, updates, checks), so that whoever keeps its state can set a timer for the next one.
 */
public interface TimedRollUp<S> {

    /** When the next release is due for this state, or null. */
    Instant nextRelease(S state);

    /** Releases what is due at the instant. */
    RollUpStep<S> release(S state, Instant now);
}
