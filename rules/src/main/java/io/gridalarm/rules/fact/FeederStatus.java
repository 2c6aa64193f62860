package io.gridalarm.rules.fact;

/** How many of a feeder's meters are off supply (confirmed) at one moment, for roll-up rules. */
public record FeederStatus(String substationId, String feederId, int meters, int metersOff) {

    /** The share of the feeder's meters that are off; 1 when the registry gives no size. */
    public double shareOff() {
        return meters == 0 ? 1.0 : (double) metersOff / meters;
    }
}
