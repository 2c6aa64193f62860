package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.Severity;
import java.time.Instant;
import java.util.List;

/**
 * What one location remembers about its outages between records: meter outage alarms held back for the
 * grouping window, meter outages sent alone, open feeder or substation outages with their members, and nested
 * outages (meters still off well after most of their group came back).
 * Null (no state) when the location is on supply.
 */
public record RollUpState(List<MeterAlarm> held, List<MeterAlarm> alone, List<Group> groups, List<Nested> nested) {

    public RollUpState {
        held = List.copyOf(held);
        alone = List.copyOf(alone);
        groups = List.copyOf(groups);
        nested = List.copyOf(nested);
    }

    /**
     * A nested outage sent: its raised alarm (of an LV feeder, or of one meter) and its meters, each with its own loss
     * and, once back, its restoration; it clears when all are back.
     */
    public record Nested(Alarm raised, List<Member> members) {

        public Nested {
            members = List.copyOf(members);
        }
    }

    /**
     * One meter of a group outage, with its feeder and substation (for its place in the tree): when it lost supply
     * and, once back, when it was restored.
     */
    public record Member(String meterId, String feederId, String substationId, Instant start, Instant restoredAt) {

        Member restored(Instant at) {
            return new Member(meterId, feederId, substationId, start, at);
        }
    }

    /**
     * An open outage of a network asset ({@code level} and {@code scopeId}). {@code updateDue}: meters joined or came
     * back and one UPDATED is due then (they are sent together, not one by one, and no sooner than
     * {@code outage.updateMinutes} after the group's last emission, {@code sentAt}). {@code nestedCheckAt}: most of its
     * meters are back; meters still off then on an LV feeder the rules judge nested are nested outages, listed in
     * {@code nestedMeterIds}.
     */
    public record Group(ScopeLevel level, String scopeId, String alarmId, String rule, Severity severity,
                        Instant startTime, List<Recipient> recipients, List<Member> members, Instant updateDue,
                        Instant nestedCheckAt, List<String> nestedMeterIds, Instant sentAt) {

        public Group {
            recipients = List.copyOf(recipients);
            members = List.copyOf(members);
            nestedMeterIds = nestedMeterIds == null ? List.of() : List.copyOf(nestedMeterIds);
        }

        Group withMembers(List<Member> newMembers) {
            return toBuilder().members(newMembers).build();
        }

        Group withUpdateDue(Instant due) {
            return toBuilder().updateDue(due).build();
        }

        /** The group once its pending UPDATED has been sent at the instant. */
        Group updateSent(Instant at) {
            return toBuilder().updateDue(null).sentAt(at).build();
        }

        Group withNestedCheck(Instant at) {
            return toBuilder().nestedCheckAt(at).build();
        }

        /** The group after its nested-outage check: the meters left in it, the nested ones listed, no check due. */
        Group withNested(List<Member> remaining, List<String> nested) {
            return toBuilder().members(remaining).nestedCheckAt(null).nestedMeterIds(nested).build();
        }

        Builder toBuilder() {
            return new Builder(this);
        }

        /** A group just formed: what identifies it; members, recipients and the rest are added. */
        static Builder forming(ScopeLevel level, String scopeId, String alarmId, String rule, Severity severity,
                               Instant startTime) {
            return new Group(level, scopeId, alarmId, rule, severity, startTime, List.of(), List.of(), null, null,
                    List.of(), null).toBuilder();
        }

        /** Builds a changed copy of a group; what identifies it (level, scope, id, rule, severity, start) stays. */
        static final class Builder {
            private final Group from;
            private List<Recipient> recipients;
            private List<Member> members;
            private Instant updateDue;
            private Instant nestedCheckAt;
            private List<String> nestedMeterIds;
            private Instant sentAt;

            private Builder(Group from) {
                this.from = from;
                recipients = from.recipients();
                members = from.members();
                updateDue = from.updateDue();
                nestedCheckAt = from.nestedCheckAt();
                nestedMeterIds = from.nestedMeterIds();
                sentAt = from.sentAt();
            }

            Builder recipients(List<Recipient> value) {
                recipients = value;
                return this;
            }

            Builder members(List<Member> value) {
                members = value;
                return this;
            }

            Builder updateDue(Instant value) {
                updateDue = value;
                return this;
            }

            Builder nestedCheckAt(Instant value) {
                nestedCheckAt = value;
                return this;
            }

            Builder nestedMeterIds(List<String> value) {
                nestedMeterIds = value;
                return this;
            }

            Builder sentAt(Instant value) {
                sentAt = value;
                return this;
            }

            Group build() {
                return new Group(from.level(), from.scopeId(), from.alarmId(), from.rule(), from.severity(),
                        from.startTime(), recipients, members, updateDue, nestedCheckAt, nestedMeterIds, sentAt);
            }
        }
    }

    /** The state to keep, or null when there is nothing to remember. */
    public static RollUpState of(List<MeterAlarm> held, List<MeterAlarm> alone, List<Group> groups,
                                 List<Nested> nested) {
        return held.isEmpty() && alone.isEmpty() && groups.isEmpty() && nested.isEmpty() ? null
                : new RollUpState(held, alone, groups, nested);
    }
}
