package io.gridalarm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * A service request a DCC user sent for a meter.
 *
 * @param requestId unique per request; the same request may be delivered more than once
 * @param user the DCC user (a supplier's or network operator's user id)
 * @param role the role the user sent it in
 * @param service what it asks the meter to do
 * @param time when it was sent
 * @param scheduledFor when the meter is to act on it (null: at once)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"requestId", "meterId", "user", "role", "service", "time", "scheduledFor"})
public record ServiceRequest(String requestId, String meterId, String user, DccRole role, DuisService service,
                             Instant time, Instant scheduledFor) implements ServiceMessage {

    public ServiceRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(time, "time");
    }

    /** The same request, sent at another time (its schedule kept). */
    public ServiceRequest sentAt(Instant sent) {
        return new ServiceRequest(requestId, meterId, user, role, service, sent, scheduledFor);
    }

    /** When the meter is to act on it: its schedule, or when it was sent. */
    public Instant actsAt() {
        return scheduledFor != null && scheduledFor.isAfter(time) ? scheduledFor : time;
    }
}
