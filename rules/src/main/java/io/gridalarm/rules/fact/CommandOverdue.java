package io.gridalarm.rules.fact;

import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import java.time.Instant;

/** A command whose outcome did not come within its limit after it was to act ({@code due}: when the limit ran out). */
public record CommandOverdue(ServiceRequest request, RegistryRow meter, Instant due) {

    /** The open-alarm key of the command's unconfirmed alarm, which its late outcome clears. */
    public String alarmKey() {
        return OutcomeFact.unconfirmedKey(request.requestId());
    }
}
