package io.gridalarm.rules.fact;

/** One named threshold from a rule set's thresholds file, inserted as a fact that rules join on by name. */
public record Threshold(String name, double value) {
}
