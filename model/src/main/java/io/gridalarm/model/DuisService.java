package io.gridalarm.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The DUIS services of supply control this system supervises, by their service reference; the critical ones are
 * those the DCC's threshold anomaly detection counts, and those that set the supply switch say to what.
 */
public enum DuisService {
    ENABLE_SUPPLY("7.1", true, SwitchPosition.CONNECTED),
    DISABLE_SUPPLY("7.2", true, SwitchPosition.DISCONNECTED),
    ARM_SUPPLY("7.3", true, SwitchPosition.ARMED),
    READ_SUPPLY_STATUS("7.4", false, null),
    UPDATE_LOAD_LIMIT("6.4.1", true, null);

    private final String reference;
    private final boolean critical;
    private final SwitchPosition sets;

    DuisService(String reference, boolean critical, SwitchPosition sets) {
        this.reference = reference;
        this.critical = critical;
        this.sets = sets;
    }

    /** The DUIS service reference, e.g. {@code 7.2}: how the service is written in a request line. */
    @JsonValue
    public String reference() {
        return reference;
    }

    /** True for a critical command (signed by the user, counted by the DCC's anomaly detection). */
    public boolean critical() {
        return critical;
    }

    /** The switch position the service sets when it succeeds, or null when it sets none. */
    public SwitchPosition sets() {
        return sets;
    }

    /** The service with the reference, or null when this system does not know it. */
    public static DuisService ofReference(String reference) {
        for (DuisService service : values()) {
            if (service.reference.equals(reference)) {
                return service;
            }
        }
        return null;
    }
}
