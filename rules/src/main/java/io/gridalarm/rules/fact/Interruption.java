package io.gridalarm.rules.fact;

import io.gridalarm.model.RegistryRow;
import java.time.Duration;
import java.time.Instant;

/**
 * A meter's current loss of supply: when it began, and whether it has been confirmed as a long interruption
 * (it lasted the confirmation delay, or the communications hub's AD1 alert said so).
 *
 * @param meter the meter's registry row when supply was lost
 * @param start when supply was lost
 * @param lossEventId the alert that reported the loss
 * @param confirmedBy null while unconfirmed, else {@code DELAY} or {@code AD1}
 */
public record Interruption(RegistryRow meter, Instant start, String lossEventId, String confirmedBy) {

    public boolean confirmed() {
        return confirmedBy != null;
    }

    public String meterId() {
        return meter.meterId();
    }

    /** The same interruption, confirmed for the given reason (the first reason is kept). */
    public Interruption confirm(String reason) {
        return confirmed() ? this : new Interruption(meter, start, lossEventId, reason);
    }

    /** Whole minutes from the loss to the given instant. */
    public long minutesUntil(Instant end) {
        return Duration.between(start, end).toMinutes();
    }
}
