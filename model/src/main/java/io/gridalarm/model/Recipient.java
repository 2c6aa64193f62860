package io.gridalarm.model;

import java.util.Objects;

/** A party an alarm is addressed to: a network operator (DNO or GDN id) or a supplier. */
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
