package io.gridalarm.model;

import java.time.Instant;

/** The model tests' shared fixtures: the test day's instants and the meters of the registry they use. */
final class Fixtures {

    /** The test day, 20 November 2026 (GB winter time, so UTC), at 10:00. */
    static final Instant T10_00 = Instant.parse("2026-11-20T10:00:00Z");
    /** When the fixture meters' registry rows became valid. */
    static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    /** An electricity meter (MPAN core) on feeder F1 of substation S1, DNO 12, supplied by ALFA. */
    static final RegistryRow ELECTRIC = new RegistryRow("1200012345678", Fuel.ELECTRICITY, "F1", "S1", "12", "ALFA",
            REGISTERED);
    /** A gas meter (MPRN) on GDN NGN, supplied by BRVO. */
    static final RegistryRow GAS = new RegistryRow("7312345678", Fuel.GAS, null, null, "NGN", "BRVO", REGISTERED);

    private Fixtures() {
    }
}
