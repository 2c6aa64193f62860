package io.gridalarm.model;

/**
 * The part of the network whose records are evaluated together, in event-time order: a meter's substation
 * (so feeder and substation outages can be seen as groups), or the meter alone when the registry places it
 * under no substation (gas meters, sites without network data).
 */
public final class NetworkLocation {

    private NetworkLocation() {
    }

    /** The key records of this meter are grouped under, e.g. {@code substation/S-12-0004} or {@code meter/7312345678}. */
    public static String keyOf(RegistryRow meter) {
        return meter.substationId() != null ? "substation/" + meter.substationId() : "meter/" + meter.meterId();
    }
}
