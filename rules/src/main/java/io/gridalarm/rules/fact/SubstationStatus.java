package io.gridalarm.rules.fact;

/** A substation whose meters are off supply, with how many feeders it has, for roll-up rules. */
public record SubstationStatus(String substationId, int feeders) {
}
