package io.gridalarm.rules.fact;

import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.Severity;

/** A roll-up rule's finding: this feeder or substation is off supply as a group. */
public record GroupVerdict(ScopeLevel level, String id, String rule, Severity severity) {
}
