package io.gridalarm.model;

/** The DCC user role a service request was sent in. */
public enum DccRole {
    IMPORT_SUPPLIER,
    GAS_SUPPLIER,
    ELECTRICITY_DISTRIBUTOR,
    GAS_TRANSPORTER;

    /** Parses a role name in any case, or returns null when the text names no role. */
    public static DccRole parse(String text) {
        return EnumNames.parse(values(), text);
    }
}
