package io.gridalarm.model;

import java.util.Objects;

/**
 * What an alarm applies to: a level and the id of the meter, feeder or substation, or of the DCC user whose commands
 * it is about ({@code fleet} for all users together).
 */
public record Scope(ScopeLevel level, String id) {

    public Scope {
        Objects.requireNonNull(level, "level");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A " + level + " scope needs a non-blank id.");
        }
    }

    public static Scope meter(String meterId) {
        return new Scope(ScopeLevel.METER, meterId);
    }

    /** The critical commands of one DCC user. */
    public static Scope user(String userId) {
        return new Scope(ScopeLevel.USER, userId);
    }

    /** The critical commands of every user together. */
    public static Scope fleet() {
        return new Scope(ScopeLevel.FLEET, "fleet");
    }
}
