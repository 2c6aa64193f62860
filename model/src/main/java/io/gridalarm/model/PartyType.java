package io.gridalarm.model;

/**
 * The kinds of party that receive alarms, each with the folder and topic suffix its alarms go to: network operators
 * and suppliers, named by the registry, and security, which watches the users' critical commands across the fleet.
 */
public enum PartyType {
    NETWORK_OPERATOR("network-operator"),
    SUPPLIER("supplier"),
    SECURITY("security");

    private final String slug;

    PartyType(String slug) {
        this.slug = slug;
    }

    /** The lower-case name used for output folders and topics. */
    public String slug() {
        return slug;
    }
}
