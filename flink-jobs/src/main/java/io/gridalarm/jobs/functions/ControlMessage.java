package io.gridalarm.jobs.functions;

/**
 * What the rule operator's broadcast input carries: the input's last event time (bounded runs), or a rule-set
 * version published to a running job (its JSON, as it came from the control topic).
 */
public record ControlMessage(Long lastEventTime, String ruleSetJson) {

    public static ControlMessage inputEnd(long lastEventTime) {
        return new ControlMessage(lastEventTime, null);
    }

    public static ControlMessage ruleSet(String json) {
        return new ControlMessage(null, json);
    }
}
