package io.gridalarm.rules.fact;

/**
 * How far one feeder of an open group outage has come back: of its meters in the group, how many are on supply
 * again. Shown to the rules when the group's nested-outage check falls due.
 */
public record FeederRecovery(String feederId, long metersBack, long meters) {
}
