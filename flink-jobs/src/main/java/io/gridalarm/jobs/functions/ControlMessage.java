package io.gridalarm.jobs.functions;

/**
 * What the rule operator's broadcast input carries: the input's last event time or the last time of its reads
 * (bounded runs), or a rule-set version published to a running job (its JSON, as it came from the control topic).
 */
public record ControlMessage(Long lastEventTime, Long lastReadTime, String ruleSetJson) {

    public static ControlMessage inputEnd(long lastEventTime) {
        return new ControlMessage(lastEventTime, null, null);
    }

    /** How far the input's reads go: a location whose reads stopped is judged silent up to there, not beyond. */
    public static ControlMessage readsEnd(long lastReadTime) {
        return new ControlMessage(null, lastReadTime, null);
    }

    public static ControlMessage ruleSet(String json) {
        return new ControlMessage(null, null, json);
    }
}
