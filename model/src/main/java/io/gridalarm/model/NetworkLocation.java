package io.gridalarm.model;

import java.util.Locale;

/**
 * The part of the network whose records are evaluated together, in event-time order: the highest asset the network
 * file puts above a meter's substation (a primary, say, so that outages up to it are seen as groups in one place), or
 * without a network file the meter's substation, or the meter alone when the registry places it under no substation
 * (gas meters, sites without network data).
 */
public final class NetworkLocation {

    private NetworkLocation() {
    }

    /** The key records of this meter are grouped under, e.g. {@code substation/S-12-0004} or {@code meter/7312345678}. */
    public static String keyOf(RegistryRow meter) {
        return meter.substationId() != null ? "substation/" + meter.substationId() : "meter/" + meter.meterId();
    }

    /** The key of a record's location: the top of what is above its substation, else {@link #keyOf(RegistryRow)}. */
    public static String keyOf(MeterRecord record) {
        PathStep top = record.above().top();
        return top == null ? keyOf(record.meter()) : top.kind().name().toLowerCase(Locale.ROOT) + "/" + top.assetId();
    }

    /** The key the network join keeps a substation's place under: that of its meters' registry rows. */
    public static String substationKey(String substationId) {
        return "substation/" + substationId;
    }
}
