package io.gridalarm.rules;

import java.time.Instant;

/** The earlier or later of two instants, either of which may be null (not yet known, or nothing due). */
final class Instants {

    private Instants() {
    }

    /** The earlier of the two, or the one that is not null. */
    static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** The later of the two, or the one that is not null. */
    static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || b.isAfter(a) ? b : a;
    }
}
