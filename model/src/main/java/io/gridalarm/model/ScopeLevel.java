package io.gridalarm.model;

/**
 * What an alarm is about: a part of the network, from one meter up the tree (a feeder is an LV feeder), or a DCC
 * user (its critical commands) or the whole fleet's.
 */
public enum ScopeLevel {
    METER,
    FEEDER,
    SUBSTATION,
    HV_FEEDER,
    PRIMARY_SUBSTATION,
    BSP,
    GSP,
    USER,
    FLEET;

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
