package io.gridalarm.rules.fact;

import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import java.time.Instant;

/**
 * A service response as rules see it, with the request it answers.
 *
 * @param request the request it answers; null when this system never saw that request for the meter
 * @param duplicate true when the request was a duplicate the meter accepts with no action
 * @param failedBefore true when an alert had already reported the command's failure
 */
public record OutcomeFact(ServiceResponse response, ServiceRequest request, boolean duplicate,
                          boolean failedBefore, RegistryRow meter) {

    /** The open-alarm key of a command's unconfirmed alarm. */
    public static String unconfirmedKey(String requestId) {
        return "COMMAND_UNCONFIRMED/" + requestId;
    }

    /** The open-alarm key of the unconfirmed alarm this outcome would clear. */
    public String alarmKey() {
        return unconfirmedKey(response.requestId());
    }

    public String outcome() {
        return response.outcome();
    }

    public boolean successful() {
        return response.succeeded();
    }

    /** True when the request it answers is known. */
    public boolean known() {
        return request != null;
    }

    public Instant time() {
        return response.time();
    }
}
