package io.gridalarm.model;

/** The kinds of party that receive alarms, each with the folder and topic suffix its alarms go to. */
public enum PartyType {
    NETWORK_OPERATOR("network-operator"),
    SUPPLIER("supplier");

    private final String slug;

    PartyType(String slug) {
        this.slug = slug;
    }

    /** The lower-case name used for output folders and topics. */
    public String slug() {
        return slug;
    }
}
