package io.gridalarm.model;

import java.util.Objects;

/** A reason and a human-readable sentence saying exactly what was wrong with an input line. */
public record Rejection(RejectReason reason, String message) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
