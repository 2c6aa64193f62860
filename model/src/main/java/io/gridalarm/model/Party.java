package io.gridalarm.model;

import java.util.Objects;

/** A party that receives alarms: a network operator or a supplier, by the id the registry gives it. */
public record Party(PartyType type, String id) implements Comparable<Party> {

    /** Security, which no registry row names but which hears of every anomaly in the users' critical commands. */
    public static final Party SECURITY = new Party(PartyType.SECURITY, Recipient.SECURITY_ID);


    public Party {
        Objects.requireNonNull(type, "type");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A party needs an id.");
        }
    }

    /**
     * The party's name wherever it needs one of its own: its Kafka and InfluxDB user, its credentials file and the
     * prefix of its consumer groups, e.g. {@code supplier-ALFA}.
     */
    public String principal() {
        return type.slug() + "-" + id;
    }

    /** True when a user name is one {@link #principal()} makes, so a tool may remove it with the party. */
    public static boolean isPrincipal(String user) {
        for (PartyType type : PartyType.values()) {
            if (user.startsWith(type.slug() + "-")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int compareTo(Party other) {
        return principal().compareTo(other.principal());
    }
}
