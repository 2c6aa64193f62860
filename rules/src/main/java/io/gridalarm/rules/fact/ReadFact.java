package io.gridalarm.rules.fact;

import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.RegistryRow;
import java.time.Instant;

/**
 * An interval read as rules see it, with the meter's registry row and its voltage extremes; {@code switchedOff}
 * when the meter's supply switch was off throughout (disabled, armed or tripped by its load limiter), so no
 * consumption and no voltage on the load side are expected.
 */
public record ReadFact(IntervalRead read, RegistryRow meter, boolean switchedOff) {

    /** A read of a meter whose switch is not known to be off. */
    public ReadFact(IntervalRead read, RegistryRow meter) {
        this(read, meter, false);
    }

    public String meterId() {
        return meter.meterId();
    }

    public Instant start() {
        return read.start();
    }

    public Instant end() {
        return read.end();
    }

    public boolean hasVoltage() {
        return read.hasVoltage();
    }

    /** The lowest voltage the read reports (minimum, else average, else maximum); NaN when none. */
    public double lowestVolts() {
        return first(read.voltageMin(), read.voltageAvg(), read.voltageMax());
    }

    /** The highest voltage the read reports (maximum, else average, else minimum); NaN when none. */
    public double highestVolts() {
        return first(read.voltageMax(), read.voltageAvg(), read.voltageMin());
    }

    private static double first(Double a, Double b, Double c) {
        return a != null ? a : b != null ? b : c != null ? c : Double.NaN;
    }
}
