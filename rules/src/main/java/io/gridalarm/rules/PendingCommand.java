package io.gridalarm.rules;

import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import java.time.Instant;

/**
 * A service request awaiting its response, as a meter's state keeps it.
 *
 * @param meter the meter's registry row when the request was sent (for the alarms about it)
 * @param due when its outcome limit runs out: it is overdue just after (unsupervised or overdue commands: when it is
 *     forgotten)
 * @param supervised false for a duplicate of a command in effect or awaited: the meter accepts it with no action
 * @param overdue true once it went unconfirmed (its alarm is open until an outcome comes)
 * @param failedBy the id of the alert that reported its failure before its response came (null: none did)
 */
public record PendingCommand(ServiceRequest request, RegistryRow meter, Instant due, boolean supervised,
                             boolean overdue, String failedBy) {

    /** The same command, gone unconfirmed: it waits until {@code forgetAt} for a late outcome. */
    PendingCommand overdueUntil(Instant forgetAt) {
        return new PendingCommand(request, meter, forgetAt, supervised, true, failedBy);
    }

    /** The same command, whose failure an alert has reported. */
    PendingCommand failedBy(String eventId) {
        return new PendingCommand(request, meter, due, supervised, overdue, eventId);
    }

    /** True while its outcome is awaited within its limit (neither overdue nor a duplicate). */
    boolean awaitedInTime() {
        return supervised && !overdue;
    }

    /**
     * When time alone next changes it: a millisecond after its limit runs out (an outcome at the very limit is in
     * time), or when it is forgotten.
     */
    Instant nextChange() {
        return awaitedInTime() ? due.plusMillis(1) : due;
    }
}
