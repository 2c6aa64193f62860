package io.gridalarm.model;

import java.time.Instant;

/** The model tests' shared fixtures: the test day's instants. */
final class Fixtures {

    /** The test day, 20 November 2026 (GB winter time, so UTC), at 10:00. */
    static final Instant T10_00 = Instant.parse("2026-11-20T10:00:00Z");
    /** When the registry rows of the validator's tests became valid. */
    static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }
}
