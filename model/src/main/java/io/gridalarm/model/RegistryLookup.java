package io.gridalarm.model;

import java.time.Instant;

/** Finds the registry row valid for a meter at an instant, wherever the registry is kept. */
@FunctionalInterface
public interface RegistryLookup {

    /** The row valid at the instant, or null when the meter is unknown or its first row starts later. */
    RegistryRow rowAt(String meterId, Instant time);
}
