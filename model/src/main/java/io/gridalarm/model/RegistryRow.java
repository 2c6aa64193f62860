package io.gridalarm.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the site inventory: where a meter sits on the network and who is entitled to hear about it,
 * from {@code validFrom} until the next row of the same meter.
 */
public record RegistryRow(String meterId, Fuel fuel, String feederId, String substationId,
                          String networkOperator, String supplier, Instant validFrom) {

    public RegistryRow {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(fuel, "fuel");
        Objects.requireNonNull(networkOperator, "networkOperator");
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(validFrom, "validFrom");
    }

    /** The id of the party of the given type that this row names (null for security, which no row names). */
    public String party(PartyType type) {
        return switch (type) {
            case NETWORK_OPERATOR -> networkOperator;
            case SUPPLIER -> supplier;
            case SECURITY -> null;
        };
    }
}
