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
        return toBuilder().recipients(newRecipients).build();
    }

    /** A builder holding this alarm's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().alarmId(alarmId).kind(kind, severity).emission(status, time).startTime(startTime)
                .about(scope, meterIds).meterCount(meterCount).raisedBy(rule, ruleSet).recipients(recipients)
                .details(details);
    }

    /** A builder for a new alarm; {@link Builder#build} says in a sentence what is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an alarm step by step; every value but the details and recipients is required. */
    public static final class Builder {
        private String alarmId;
        private String kind;
        private Severity severity;
        private AlarmStatus status;
        private Scope scope;
        private List<String> meterIds = List.of();
        private int meterCount = -1;
        private Instant startTime;
        private Instant time;
        private List<Recipient> recipients = List.of();
        private String rule;
        private String ruleSet;
        private final Map<String, Object> details = new TreeMap<>();

        private Builder() {
        }

        public Builder alarmId(String value) {
            alarmId = value;
            return this;
        }

        /** What the alarm is about and how bad it is. */
        public Builder kind(String value, Severity level) {
            kind = value;
            severity = level;
            return this;
        }

        /** This emission: raised, updated or cleared, at this event time. */
        public Builder emission(AlarmStatus value, Instant at) {
            status = value;
            time = at;
            return this;
        }

        /** When the condition began. */
        public Builder startTime(Instant value) {
            startTime = value;
            return this;
        }

        /** The scope and the meters it covers; the count follows them unless {@link #meterCount} sets it. */
        public Builder about(Scope value, List<String> meters) {
            scope = value;
            meterIds = new ArrayList<>(meters);
            return this;
        }

        public Builder meterCount(int value) {
            meterCount = value;
            return this;
        }

        /** The rule that raised it and its rule set ({@code name@version}). */
        public Builder raisedBy(String ruleName, String ruleSetId) {
            rule = ruleName;
            ruleSet = ruleSetId;
            return this;
        }

        public Builder recipients(List<Recipient> value) {
            recipients = new ArrayList<>(value);
            return this;
        }

        /** Adds or replaces details; existing ones are kept. */
        public Builder details(Map<String, Object> more) {
            details.putAll(more);
            return this;
        }

        public Alarm build() {
            List<String> missing = new ArrayList<>();
            check(alarmId, "an id", missing);
            check(kind, "a kind", missing);
            check(severity, "a severity", missing);
            check(status, "a status", missing);
            check(scope, "a scope", missing);
            check(startTime, "a start time", missing);
            check(time, "the time of its emission", missing);
            check(rule, "the rule that raised it", missing);
            check(ruleSet, "its rule set", missing);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("An alarm needs " + String.join(", ", missing) + ".");
            }
            return new Alarm(alarmId, kind, severity, status, scope, meterIds,
                    meterCount < 0 ? meterIds.size() : meterCount, startTime, time, recipients, rule, ruleSet,
                    details);
        }

        private static void check(Object value, String what, List<String> missing) {
            if (value == null) {
                missing.add(what);
            }
        }
    }
}
