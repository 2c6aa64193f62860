package io.gridalarm.jobs.functions;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.Json;
import java.time.Instant;
import java.util.List;

/** What became of one rule-set version published to a running job, in one subtask: active, or refused and why. */
@JsonPropertyOrder({"ruleSet", "effectiveFrom", "status", "subtask", "problems"})
record RuleSetStatus(String ruleSet, Instant effectiveFrom, Status status, int subtask, List<String> problems) {

    /** Whether the subtask evaluates with the version from its {@code effectiveFrom}. */
    public enum Status {
        ACTIVE,
        REFUSED
    }

    public RuleSetStatus {
        problems = List.copyOf(problems);
    }

    static RuleSetStatus active(String ruleSet, long effectiveFrom, int subtask) {
        return new RuleSetStatus(ruleSet, Instant.ofEpochMilli(effectiveFrom), Status.ACTIVE, subtask, List.of());
    }

    static RuleSetStatus refused(String ruleSet, Long effectiveFrom, int subtask, List<String> problems) {
        return new RuleSetStatus(ruleSet, effectiveFrom == null ? null : Instant.ofEpochMilli(effectiveFrom),
                Status.REFUSED, subtask, problems);
    }

    /** The status as a line for the rule-set status topic. */
    OutputLine toLine() {
        return new OutputLine(OutputLine.RULE_SET_STATUS, ruleSet + "|" + subtask, status.name(), Json.line(this));
    }
}
