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
public record RollUpState(List<MeterOutage> held, List<MeterOutage> alone, List<Group> groups, List<Alarm> nested) {

    public RollUpState {
        held = List.copyOf(held);
        alone = List.copyOf(alone);
        groups = List.copyOf(groups);
        nested = List.copyOf(nested);
    }

    /** One meter of a group outage: when it lost supply and, once back, when it was restored. */
    public record Member(String meterId, String feederId, Instant start, Instant restoredAt) {
    }

    /**
     * An open feeder or substation outage. {@code updateDue}: meters joined and one UPDATED is due then (joins are
     * sent together, not one by one). {@code nestedCheckAt}: most of its meters are back; meters still off then,
     * on a feeder that is mostly back, are nested outages, listed in {@code nestedMeterIds}.
     */
    public record Group(ScopeLevel level, String scopeId, String alarmId, String rule, Severity severity,
                        Instant startTime, List<Recipient> recipients, List<Member> members, Instant updateDue,
                        Instant nestedCheckAt, List<String> nestedMeterIds) {

        public Group {
            recipients = List.copyOf(recipients);
            members = List.copyOf(members);
            nestedMeterIds = nestedMeterIds == null ? List.of() : List.copyOf(nestedMeterIds);
        }

        Group withMembers(List<Member> newMembers) {
            return new Group(level, scopeId, alarmId, rule, severity, startTime, recipients, newMembers, updateDue,
                    nestedCheckAt, nestedMeterIds);
        }

        Group withUpdateDue(Instant due) {
            return new Group(level, scopeId, alarmId, rule, severity, startTime, recipients, members, due,
                    nestedCheckAt, nestedMeterIds);
        }

        Group withNestedCheck(Instant at) {
            return new Group(level, scopeId, alarmId, rule, severity, startTime, recipients, members, updateDue, at,
                    nestedMeterIds);
        }

        Group withNested(List<Member> remaining, List<String> nested) {
            return new Group(level, scopeId, alarmId, rule, severity, startTime, recipients, remaining, updateDue,
                    null, nested);
        }
    }

    /** The state to keep, or null when there is nothing to remember. */
    public static RollUpState of(List<MeterOutage> held, List<MeterOutage> alone, List<Group> groups,
                                 List<Alarm> nested) {
        return held.isEmpty() && alone.isEmpty() && groups.isEmpty() && nested.isEmpty() ? null
                : new RollUpState(held, alone, groups, nested);
    }
}
