package io.gridalarm.model;

import java.util.Objects;

/** Where on the network an alarm applies: a level and the id of the meter, feeder or substation. */
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
}
