package io.gridalarm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One emission of an alarm (raised, updated or cleared), in the single schema every kind of alarm shares.
 *
 * @param alarmId deterministic from rule, scope and start, see {@link AlarmIds}
 * @param kind what the alarm is about, e.g. {@code EXTREME_VOLTAGE}, {@code SAFETY}, {@code TAMPER}
 * @param meterIds the meters it covers, sorted
 * @param meterCount how many meters it covers (the list may be omitted for very large groups)
 * @param startTime when the condition began
 * @param time the event time of this emission
 * @param recipients the parties it is addressed to, sorted
 * @param rule the name of the rule that raised it
 * @param ruleSet {@code name@version} of the rule set
 * @param details values, thresholds crossed, durations; keys sorted
 */
@JsonPropertyOrder({"alarmId", "kind", "severity", "status", "scope", "meterIds", "meterCount", "startTime", "time",
        "recipients", "rule", "ruleSet", "details"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alarm(String alarmId, String kind, Severity severity, AlarmStatus status, Scope scope,
                    List<String> meterIds, int meterCount, Instant startTime, Instant time,
                    List<Recipient> recipients, String rule, String ruleSet, Map<String, Object> details) {

    public Alarm {
        Objects.requireNonNull(alarmId, "alarmId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(ruleSet, "ruleSet");
        meterIds = meterIds == null ? List.of() : List.copyOf(meterIds.stream().sorted().distinct().toList());
        recipients = recipients == null ? List.of() : List.copyOf(recipients.stream().sorted().distinct().toList());
        details = details == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /** The same alarm addressed to other recipients, as access control leaves it. */
    public Alarm withRecipients(List<Recipient> newRecipients) {
        return new Alarm(alarmId, kind, severity, status, scope, meterIds, meterCount, startTime, time,
                new ArrayList<>(newRecipients), rule, ruleSet, details);
    }
}
