package io.gridalarm.model;

/** The part of the network an alarm is about, from one meter up the tree (a feeder is an LV feeder). */
public enum ScopeLevel {
    METER,
    FEEDER,
    SUBSTATION,
    HV_FEEDER,
    PRIMARY_SUBSTATION,
    BSP,
    GSP;

    /** The level of an alarm about an asset of this kind. */
    public static ScopeLevel of(AssetKind kind) {
        return switch (kind) {
            case LV_FEEDER -> FEEDER;
            case SECONDARY_SUBSTATION -> SUBSTATION;
            case HV_FEEDER -> HV_FEEDER;
            case PRIMARY_SUBSTATION -> PRIMARY_SUBSTATION;
            case BSP -> BSP;
            case GSP -> GSP;
        };
    }
}
