package io.gridalarm.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert from a meter or its communications hub, relayed by the DCC.
 *
 * @param eventId unique per real event; the same event may be delivered more than once
 * @param meterId opaque meter id (MPAN core, MPRN or a data set's own id)
 * @param fuel the fuel the sender says the meter measures (may be null; the registry decides)
 * @param code normalised GBCS alert code, see {@link AlertCodes#normalise(String)}
 * @param time when the meter raised the alert
 * @param phase phase 1-3 when the alert names one, else null
 * @param value a measured value such as volts, else null
 * @param durationSeconds how long the condition lasted when the alert says so, else null
 */
public record MeterEvent(String eventId, String meterId, Fuel fuel, String code, Instant time,
                         Integer phase, Double value, Long durationSeconds) {

    public MeterEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(time, "time");
    }
}
