package io.gridalarm.jobs.functions;

import io.gridalarm.rules.DroolsMeterRules;
import io.gridalarm.rules.HandCodedDefaultRules;
import io.gridalarm.rules.MeterRules;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetException;

/** Which implementation evaluates the rule set: the DRL through Drools, or the hand-coded benchmark baseline. */
public enum RuleEngine {
    DROOLS,
    /** Only for the default rule set: the same rules in plain Java, to measure the rule engine's cost. */
    HAND_CODED;

    /** Builds the evaluator for one operator instance. */
    public MeterRules create(RuleSet ruleSet, ClassLoader classLoader) throws RuleSetException {
        return this == DROOLS ? DroolsMeterRules.compile(ruleSet, classLoader) : new HandCodedDefaultRules(ruleSet);
    }
}
