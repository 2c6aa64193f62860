package io.gridalarm.rules;

import java.time.Instant;

/**
 * What of a location's roll-up state decides its next release, small enough to keep beside the state and read on
 * every record: the earliest instant a grouping window runs from ({@code windowFrom}; the rule-set version in force
 * says how long windows are) and the earliest fixed instant due ({@code fixedAt}: an update, a check). Either may be
 * null; both are when the state waits for nothing in time.
 */
public record RollUpDue(Instant windowFrom, Instant fixedAt) {
}
