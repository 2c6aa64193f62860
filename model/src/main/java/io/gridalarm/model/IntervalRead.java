package io.gridalarm.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Consumption and voltage over one interval (usually half an hour) of one meter.
 *
 * @param meterId opaque meter id
 * @param fuel the fuel the sender says the meter measures (may be null; the registry decides)
 * @param start the first instant of the interval, on a whole minute
 * @param minutes the interval's length in whole minutes
 * @param importKwh energy imported, or null when not reported
 * @param exportKwh energy exported, or null when not reported
 * @param voltageMin lowest RMS voltage in the interval, or null (always null for gas)
 * @param voltageAvg average RMS voltage, or null
 * @param voltageMax highest RMS voltage, or null
 */
public record IntervalRead(String meterId, Fuel fuel, Instant start, int minutes, Double importKwh, Double exportKwh,
                           Double voltageMin, Double voltageAvg, Double voltageMax) {

    public IntervalRead {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(start, "start");
    }

    /** The instant just after the interval, when the read becomes known. */
    public Instant end() {
        return start.plusSeconds(60L * minutes);
    }

    /** True when the read reports any voltage. */
    public boolean hasVoltage() {
        return voltageMin != null || voltageAvg != null || voltageMax != null;
    }
}
