package io.gridalarm.model;

import java.util.Objects;

/** A party an alarm is addressed to: a network operator (DNO or GDN id), a supplier, or security. */
public record Recipient(PartyType type, String id) implements Comparable<Recipient> {

    public Recipient {
        Objects.requireNonNull(type, "type");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A recipient needs a non-blank party id.");
        }
    }

    public static Recipient networkOperator(String id) {
        return new Recipient(PartyType.NETWORK_OPERATOR, id);
    }

    public static Recipient supplier(String id) {
        return new Recipient(PartyType.SUPPLIER, id);
    }

    /** The party a DCC user is, as the role it sends requests in says: a supplier, or a network operator. */
    public static Recipient ofUser(String user, DccRole role) {
        return role == DccRole.IMPORT_SUPPLIER || role == DccRole.GAS_SUPPLIER ? supplier(user)
                : networkOperator(user);
    }

    /** The security operations centre, which hears of every anomaly in the users' critical commands. */
    public static Recipient security() {
        return new Recipient(PartyType.SECURITY, SECURITY_ID);
    }

    /** The party id of security: its alarms go to {@code security/soc}. */
    public static final String SECURITY_ID = "soc";

    @Override
    public int compareTo(Recipient other) {
        int byType = type.compareTo(other.type);
        return byType != 0 ? byType : id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return type.slug() + "/" + id;
    }
}
