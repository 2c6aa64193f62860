package io.gridalarm.rules.fact;

import io.gridalarm.model.LostMinutes;
import io.gridalarm.model.RegistryRow;
import java.time.Duration;
import java.time.Instant;

/**
 * A change in a meter's supply worked out from its alerts, reads and the passing of time, for rules to act on.
 *
 * @param change what happened
 * @param interruption the interruption it concerns
 * @param time when it happened (for RESTORED and SHORT_INTERRUPTION, the restoration)
 * @param evidence what showed it: an alert code, {@code READ} or {@code DELAY}
 * @param meter the meter's registry row as last known at that time (the record's row, or the interruption's
 *              when only the clock moved), so alarms address the parties registered then
 */
public record SupplyEvent(Change change, Interruption interruption, Instant time, String evidence,
                          RegistryRow meter) {

    /** The kinds of supply change. */
    public enum Change {
        /** Supply lost; not yet known to be long. */
        LOST,
        /** The loss has lasted the confirmation delay, or the hub confirmed it. */
        CONFIRMED,
        /** Supply is back after a confirmed interruption. */
        RESTORED,
        /** Supply is back before the interruption was confirmed: a short interruption. */
        SHORT_INTERRUPTION
    }

    /** The exact seconds from the interruption's start to this change. */
    public long seconds() {
        return Duration.between(interruption.start(), time).getSeconds();
    }

    /** Customer minutes lost from the interruption's start to this change, to the hundredth of a minute. */
    public double minutes() {
        return LostMinutes.of(seconds());
    }
}
