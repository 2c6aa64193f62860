package io.gridalarm.rules.fact;

/**
 * A nested-outage rule's finding: the meters still off on this feeder are second faults behind their group's, each
 * reported on its own (with the group's severity and recipients) by the named rule.
 */
public record NestedVerdict(String feederId, String rule) {
}
