package io.gridalarm.rules.fact;

/**
 * How far one LV feeder of an open group outage, and its secondary substation, have come back: of their meters in
 * the group, how many are on supply again. Shown to the rules when the group's nested-outage check falls due.
 */
public record FeederRecovery(String feederId, String substationId, long metersBack, long meters,
                             long substationMetersBack, long substationMeters) {
}
