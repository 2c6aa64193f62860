package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.Severity;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.pcollections.PVector;

/**
 * What one location remembers about its outages between records: meter outage alarms held back for the
 * grouping window, meter outages sent alone, open feeder or substation outages with their members, and nested
 * outages (meters still off well after most of their group came back).
 * {@code heldSince}: the time of the earliest held alarm (null when none is), asked for after every record.
 * Null (no state) when the location is on supply.
 */
public record RollUpState(List<MeterAlarm> held, List<MeterAlarm> alone, List<Group> groups, List<Nested> nested,
                          Instant heldSince) {

    public RollUpState {
        if (heldSince == null) {
            // State kept by a job that did not remember it (every later step carries it on).
            for (MeterAlarm outage : held) {
                heldSince = heldSince == null || outage.alarm().time().isBefore(heldSince) ? outage.alarm().time()
                        : heldSince;
            }
        }
        held = Persistent.vector(held);
        alone = Persistent.vector(alone);
        groups = Persistent.vector(groups);
        nested = Persistent.vector(nested);
    }

    /**
     * A nested outage: its raised alarm (of an LV feeder, or of one meter) and its meters, each with its own loss
     * and, once back, its restoration; it clears when all are back. {@code raiseAt}: null once the raise is sent;
     * otherwise its asset's outage has cleared without these meters, and the raise is sent then if any is still off
     * (state kept by an older job has none: every nested outage it kept was sent).
     */
    public record Nested(Alarm raised, List<Member> members, Instant raiseAt) {

        public Nested {
            members = List.copyOf(members);
        }

        /** Whether the raise is still to be sent. */
        boolean pending() {
            return raiseAt != null;
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
     * {@code nestedMeterIds}. Members are sorted by meter and start; {@code membersBack} of them are back, the last at
     * {@code lastBack}: kept as they change, so a meter joining or coming back costs a logarithm, not a count of all.
     * {@code sentMembers} and {@code sentBack}: its members, and those back, when it was last sent (null in state kept
     * by a job that did not count them), so an UPDATED goes only for a change worth a control room's attention.
     */
    public record Group(ScopeLevel level, String scopeId, String alarmId, String rule, Severity severity,
                        Instant startTime, List<Recipient> recipients, List<Member> members, Instant updateDue,
                        Instant nestedCheckAt, List<String> nestedMeterIds, Instant sentAt, Integer membersBack,
                        Instant lastBack, Integer sentMembers, Integer sentBack) {

        public Group {
            recipients = List.copyOf(recipients);
            members = Persistent.vector(members);
            nestedMeterIds = nestedMeterIds == null ? List.of() : List.copyOf(nestedMeterIds);
            if (membersBack == null) {
                // Members given whole (a group formed or checked), or state kept by a job that did not count them.
                int back = 0;
                Instant last = null;
                for (Member member : members) {
                    if (member.restoredAt() != null) {
                        back++;
                        last = Instants.later(last, member.restoredAt());
                    }
                }
                membersBack = back;
                lastBack = last;
            }
        }

        /** How many of its meters are still off. */
        int membersOff() {
            return members.size() - membersBack;
        }

        /** Meters that joined, came back or left it since it was last sent (all of them when that was not counted). */
        int changedSinceSent() {
            if (sentMembers == null || sentBack == null) {
                return members.size();
            }
            return Math.abs(members.size() - sentMembers) + Math.abs(membersBack - sentBack);
        }

        /** The group with a meter joined, in its place in the order. */
        Group joined(Member member) {
            int at = Persistent.search(members, member, MEMBER_ORDER);
            PVector<Member> more = Persistent.vector(members).plus(at < 0 ? -at - 1 : at, member);
            return toBuilder().counted(more, membersBack, lastBack).build();
        }

        /** The group with its member at the index back at the instant. */
        Group restored(int index, Instant at) {
            PVector<Member> changed = Persistent.vector(members).with(index, members.get(index).restored(at));
            return toBuilder().counted(changed, membersBack + 1, Instants.later(lastBack, at)).build();
        }

        /** Where the meter's first member is (or would be) in the order. */
        int firstOf(String meterId) {
            int at = Persistent.search(members, new Member(meterId, null, null, Instant.MIN, null), MEMBER_ORDER);
            return at < 0 ? -at - 1 : at;
        }

        Group withUpdateDue(Instant due) {
            return toBuilder().updateDue(due).build();
        }

        /** The group once it has been sent (raised, or its pending UPDATED) at the instant, as it is now. */
        Group sent(Instant at) {
            return toBuilder().updateDue(null).sentAt(at).sentCounts(members.size(), membersBack).build();
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
                    List.of(), null, null, null, null, null).toBuilder();
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
            private Integer membersBack;
            private Instant lastBack;
            private Integer sentMembers;
            private Integer sentBack;

            private Builder(Group from) {
                this.from = from;
                recipients = from.recipients();
                members = from.members();
                updateDue = from.updateDue();
                nestedCheckAt = from.nestedCheckAt();
                nestedMeterIds = from.nestedMeterIds();
                sentAt = from.sentAt();
                membersBack = from.membersBack();
                lastBack = from.lastBack();
                sentMembers = from.sentMembers();
                sentBack = from.sentBack();
            }

            Builder recipients(List<Recipient> value) {
                recipients = value;
                return this;
            }

            /** The members, in order; how many are back is counted again. */
            Builder members(List<Member> value) {
                return counted(value, null, null);
            }

            private Builder counted(List<Member> value, Integer back, Instant last) {
                members = value;
                membersBack = back;
                lastBack = last;
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

            private Builder sentCounts(int members, int back) {
                sentMembers = members;
                sentBack = back;
                return this;
            }

            Group build() {
                return new Group(from.level(), from.scopeId(), from.alarmId(), from.rule(), from.severity(),
                        from.startTime(), recipients, members, updateDue, nestedCheckAt, nestedMeterIds, sentAt,
                        membersBack, lastBack, sentMembers, sentBack);
            }
        }
    }

    /** Members by meter, then by the start of their loss. */
    static final Comparator<Member> MEMBER_ORDER = Comparator.comparing(Member::meterId).thenComparing(Member::start);

    /** The state to keep, or null when there is nothing to remember. */
    public static RollUpState of(List<MeterAlarm> held, List<MeterAlarm> alone, List<Group> groups,
                                 List<Nested> nested, Instant heldSince) {
        return held.isEmpty() && alone.isEmpty() && groups.isEmpty() && nested.isEmpty() ? null
                : new RollUpState(held, alone, groups, nested, held.isEmpty() ? null : heldSince);
    }
}
