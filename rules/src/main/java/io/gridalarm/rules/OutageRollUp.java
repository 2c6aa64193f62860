package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmIds;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.rules.RollUpState.Group;
import io.gridalarm.rules.RollUpState.Member;
import io.gridalarm.rules.fact.FeederRecovery;
import io.gridalarm.rules.fact.FeederStatus;
import io.gridalarm.rules.fact.GroupVerdict;
import io.gridalarm.rules.fact.NestedVerdict;
import io.gridalarm.rules.fact.SubstationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * Rolls one location's meter outage alarms up to feeder and substation outages. A confirmed meter outage is held
 * for the grouping window; when the window ends the rule set's roll-up rules see how many meters of each feeder
 * are off, and meters of a feeder (or substation) off as a group become one alarm instead of many. Meters that
 * go off later join the open group (UPDATED); the group is CLEARED, with customers interrupted and customer
 * minutes lost, when its last meter is back. Meter alarms sent alone before a group formed are cleared into it.
 * Meters still off {@code outage.nestedDelayMinutes} after more than {@code outage.nestedRestoredShare} of their
 * group came back are nested outages: the group is cleared listing them, and each is reported on its own.
 */
public final class OutageRollUp {

    /** The alarm kind this step rolls up. */
    public static final String KIND = "OUTAGE";
    /** The kind of a meter still off well after most of its group came back. */
    public static final String NESTED_KIND = "NESTED_OUTAGE";
    /** The detail, and its value, of a nested outage that evidence arriving late (a read) proved over earlier. */
    public static final Map.Entry<String, String> CORRECTED_BY_LATE_READ = Map.entry("correctedBy", "LATE_READ");

    private final MeterRules rules;
    private final String ruleSetId;
    /** The grouping window and the nested-outage share and delay. */
    private final Thresholds thresholds;
    private final ToIntFunction<String> feederSize;
    private final ToIntFunction<String> substationSize;

    /** The location's state after a step, and the alarms to send now. */
    public record Result(RollUpState state, List<Alarm> emitted) {
    }

    /**
     * @throws IllegalArgumentException when the rule set's rules do not use the roll-up (no feeder or substation
     *     status), so that its thresholds were never required
     */
    public OutageRollUp(MeterRules rules, RuleSet ruleSet, ToIntFunction<String> feederSize,
                        ToIntFunction<String> substationSize) {
        if (!ruleSet.thresholds().uses(Thresholds.Step.ROLL_UP)) {
            throw new IllegalArgumentException("The rule set " + ruleSet.id() + " has no roll-up rules (none uses "
                    + Thresholds.Step.ROLL_UP.facts() + "), so it has no roll-up.");
        }
        this.rules = rules;
        this.ruleSetId = ruleSet.id();
        this.thresholds = ruleSet.thresholds();
        this.feederSize = feederSize;
        this.substationSize = substationSize;
    }

    /** When the next held alarm's grouping window ends, or null. */
    public Instant nextRelease(RollUpState state) {
        if (state == null) {
            return null;
        }
        Duration window = thresholds.groupWindow();
        return Stream.concat(
                        state.held().stream().map(o -> o.alarm().time().plus(window)),
                        state.groups().stream().flatMap(g -> Stream.of(g.updateDue(), g.nestedCheckAt())))
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * Takes a meter outage (raised or cleared) from the rules. A raised one joins the open group that covers its
     * feeder or substation, else waits out the grouping window. A cleared one is looked for where the meter's
     * outage can be, in this order: nested (its own alarm clears), in a group (the group clears with its last
     * meter), held or sent alone (the meter alarm goes out, preceded by the held raise it ends). The order matters:
     * a nested meter is also still listed as off on its group, and only its own alarm may clear.
     */
    public Result accept(RollUpState state, MeterOutage outage) {
        Work work = new Work(state);
        if (outage.alarm().status() == AlarmStatus.RAISED) {
            joinOrHold(work, outage);
        } else if (!clearNested(work, outage) && !restoreMember(work, outage)) {
            sendMeterAlarm(work, outage);
        }
        return work.result();
    }

    private void joinOrHold(Work work, MeterOutage outage) {
        int covering = work.coveringGroup(outage.feederId(), outage.substationId());
        if (covering < 0) {
            work.held.add(outage);
            return;
        }
        Group group = work.groups.get(covering);
        List<Member> members = new ArrayList<>(group.members());
        members.add(new Member(outage.meterId(), outage.feederId(), outage.alarm().startTime(), null));
        Group joined = withMembers(group, members);
        if (joined.updateDue() == null) {
            joined = joined.withUpdateDue(outage.alarm().time().plus(thresholds.groupWindow()));
        }
        work.groups.set(covering, joined);
        supplierCopy(work, outage.alarm());
    }

    /**
     * A nested outage's meter is back: its own alarm clears with its customer minutes lost, at the true restoration.
     * Evidence that arrives late (a read in the next day's batch) can show supply back before the nested outage was
     * judged: the clear then says that the judgement was corrected.
     */
    private static boolean clearNested(Work work, MeterOutage outage) {
        Instant back = outage.alarm().time();
        for (Alarm nested : List.copyOf(work.nested)) {
            if (nested.meterIds().get(0).equals(outage.meterId())) {
                work.nested.remove(nested);
                long minutes = Duration.between(nested.startTime(), back).toMinutes();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("customersInterrupted", 1);
                details.put("customerMinutesLost", minutes);
                details.put("endTime", back.toString());
                details.put("durationMinutes", minutes);
                if (back.isBefore(nested.time())) {
                    details.put(CORRECTED_BY_LATE_READ.getKey(), CORRECTED_BY_LATE_READ.getValue());
                    details.put("judgedAt", nested.time().toString());
                }
                work.emitted.add(cleared(nested, back, details));
                return true;
            }
        }
        return false;
    }

    /** A group's meter is back: the group clears with its last meter, and may now hide nested outages. */
    private boolean restoreMember(Work work, MeterOutage outage) {
        Instant back = outage.alarm().time();
        for (int g = 0; g < work.groups.size(); g++) {
            Group group = work.groups.get(g);
            List<Member> members = new ArrayList<>(group.members());
            boolean changed = false;
            for (int m = 0; m < members.size(); m++) {
                Member member = members.get(m);
                if (member.meterId().equals(outage.meterId()) && member.restoredAt() == null) {
                    members.set(m, new Member(member.meterId(), member.feederId(), member.start(), back));
                    changed = true;
                }
            }
            if (!changed) {
                continue;
            }
            supplierCopy(work, outage.alarm());
            Group updated = withMembers(group, members);
            if (members.stream().allMatch(m -> m.restoredAt() != null)) {
                // A late read may bring back a meter earlier than others already were: the group ended with its last.
                Instant end = members.stream().map(Member::restoredAt).max(Comparator.naturalOrder()).orElse(back);
                work.groups.remove(g);
                work.emitted.add(groupAlarm(updated, AlarmStatus.CLEARED, end, reliability(updated, end)));
            } else {
                long restored = members.stream().filter(m -> m.restoredAt() != null).count();
                if (updated.nestedCheckAt() == null && restored > thresholds.nestedRestoredShare() * members.size()) {
                    updated = updated.withNestedCheck(back.plus(thresholds.nestedDelay()));
                }
                work.groups.set(g, updated);
            }
            return true;
        }
        return false;
    }

    /** A meter outage outside any group ends: a raise still held goes out first, so the clear never comes alone. */
    private static void sendMeterAlarm(Work work, MeterOutage outage) {
        MeterOutage held = remove(work.held, outage.alarm().alarmId());
        if (held != null) {
            work.emitted.add(held.alarm());
        } else {
            remove(work.alone, outage.alarm().alarmId());
        }
        work.emitted.add(outage.alarm());
    }

    /**
     * Time reached {@code now}: what fell due is released, in an order that matters. Open groups come first (their
     * pending UPDATED, then their nested-outage check), so a group that a substation outage is about to absorb has
     * said everything it had to say. Then, once some held meter's grouping window has ended, the rules classify
     * the location's confirmed-off meters: substation verdicts are applied before feeder ones, so the feeders of a
     * substation outage are never formed only to be cleared into it at the same instant. Last, the held meters
     * whose window ended and that no group took are sent on their own.
     */
    public Result release(RollUpState state, Instant now) {
        Work work = new Work(state);
        settleOpenGroups(work, now);
        Duration window = thresholds.groupWindow();
        if (work.held.stream().noneMatch(o -> !o.alarm().time().plus(window).isAfter(now))) {
            return work.result();
        }
        groupWhatIsOffTogether(work, now);
        for (MeterOutage due : List.copyOf(work.held)) {
            if (!due.alarm().time().plus(window).isAfter(now)) {
                work.held.remove(due);
                work.alone.add(due);
                work.emitted.add(due.alarm());
            }
        }
        return work.result();
    }

    /** Sends each open group's pending UPDATED and runs its nested-outage check, where they fell due. */
    private void settleOpenGroups(Work work, Instant now) {
        for (Group group : List.copyOf(work.groups)) {
            if (group.updateDue() != null && !group.updateDue().isAfter(now)) {
                Group sent = group.withUpdateDue(null);
                work.groups.set(work.groups.indexOf(group), sent);
                work.emitted.add(groupAlarm(sent, AlarmStatus.UPDATED, now, Map.of()));
                group = sent;
            }
            if (group.nestedCheckAt() != null && !group.nestedCheckAt().isAfter(now)) {
                reportNested(work, group, now);
            }
        }
    }

    /**
     * Counts the location's confirmed-off meters per feeder (held, sent alone, and still off in open groups), lets
     * the rules decide which feeders and which substation are off as a group, and forms those groups.
     */
    private void groupWhatIsOffTogether(Work work, Instant now) {
        Map<String, List<MeterOutage>> offByFeeder = new TreeMap<>();
        String substationId = null;
        for (MeterOutage o : concat(work.held, work.alone)) {
            substationId = substationId == null ? o.substationId() : substationId;
            if (o.feederId() != null) {
                offByFeeder.computeIfAbsent(o.feederId(), f -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Integer> groupedOff = new TreeMap<>();
        for (Group group : work.groups) {
            for (Member member : group.members()) {
                if (member.restoredAt() == null && member.feederId() != null) {
                    groupedOff.merge(member.feederId(), 1, Integer::sum);
                }
            }
        }
        List<FeederStatus> feeders = new ArrayList<>();
        Set<String> allFeeders = new TreeSet<>(offByFeeder.keySet());
        allFeeders.addAll(groupedOff.keySet());
        for (String feeder : allFeeders) {
            int off = offByFeeder.getOrDefault(feeder, List.of()).size() + groupedOff.getOrDefault(feeder, 0);
            feeders.add(new FeederStatus(substationId, feeder, feederSize.applyAsInt(feeder), off));
        }
        List<GroupVerdict> verdicts = rules.classifyOutages(feeders, substationId == null ? null
                : new SubstationStatus(substationId, substationSize.applyAsInt(substationId)));
        for (GroupVerdict verdict : verdicts) {
            if (verdict.level() == ScopeLevel.SUBSTATION && work.coveringGroup(null, verdict.id()) < 0) {
                formSubstationGroup(work, verdict, now);
            }
        }
        for (GroupVerdict verdict : verdicts) {
            if (verdict.level() == ScopeLevel.FEEDER && work.coveringGroup(verdict.id(), substationId) < 0) {
                List<MeterOutage> members = offByFeeder.getOrDefault(verdict.id(), List.of());
                if (!members.isEmpty()) {
                    formGroup(work, verdict, members, List.of(), List.of(), now);
                }
            }
        }
    }

    /**
     * Most of the group came back a while ago: each meter still off on a feeder that is mostly back is a nested
     * outage, a second fault behind the first, reported on its own and listed on the group. The group clears when
     * the rest of its meters are back (at once, if they all are).
     */
    private void reportNested(Work work, Group group, Instant now) {
        Map<String, long[]> backByFeeder = new TreeMap<>();
        for (Member member : group.members()) {
            long[] counts = backByFeeder.computeIfAbsent(String.valueOf(member.feederId()), f -> new long[2]);
            counts[0] += member.restoredAt() != null ? 1 : 0;
            counts[1]++;
        }
        List<FeederRecovery> recovery = new ArrayList<>();
        backByFeeder.forEach((feeder, counts) -> recovery.add(new FeederRecovery(feeder, counts[0], counts[1])));
        Map<String, String> nestedRuleByFeeder = new TreeMap<>();
        for (NestedVerdict verdict : rules.classifyNested(recovery)) {
            nestedRuleByFeeder.putIfAbsent(verdict.feederId(), verdict.rule());
        }
        List<Member> remaining = new ArrayList<>();
        List<String> nestedIds = new ArrayList<>(group.nestedMeterIds());
        for (Member member : group.members()) {
            String rule = nestedRuleByFeeder.get(String.valueOf(member.feederId()));
            if (member.restoredAt() == null && rule != null) {
                nestedIds.add(member.meterId());
                Scope scope = Scope.meter(member.meterId());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("parentAlarmId", group.alarmId());
                details.put("feederId", member.feederId());
                Alarm nested = Alarm.builder().alarmId(AlarmIds.of(rule, scope, member.start()))
                        .kind(NESTED_KIND, group.severity()).emission(AlarmStatus.RAISED, now)
                        .startTime(member.start()).about(scope, List.of(member.meterId())).raisedBy(rule, ruleSetId)
                        .recipients(group.recipients()).details(details).build();
                work.nested.add(nested);
                work.emitted.add(nested);
            } else {
                remaining.add(member);
            }
        }
        Group checked = group.withNested(remaining, nestedIds.stream().sorted().toList());
        int index = work.groups.indexOf(group);
        if (remaining.stream().allMatch(m -> m.restoredAt() != null)) {
            work.groups.remove(index);
            work.emitted.add(groupAlarm(checked, AlarmStatus.CLEARED, now, reliability(checked, now)));
        } else {
            work.groups.set(index, checked);
        }
    }

    /** Replaces the location's feeder outages by one substation outage; sent feeder outages are cleared into it. */
    private void formSubstationGroup(Work work, GroupVerdict verdict, Instant now) {
        List<Group> feederGroups = List.copyOf(work.groups);
        List<Member> inherited = new ArrayList<>();
        List<Recipient> recipients = new ArrayList<>();
        for (Group feederGroup : feederGroups) {
            inherited.addAll(feederGroup.members());
            recipients.addAll(feederGroup.recipients());
        }
        work.groups.clear();
        Group formed = formGroup(work, verdict, concat(work.held, work.alone), inherited, recipients, now);
        for (Group feederGroup : feederGroups) {
            work.emitted.add(groupAlarm(feederGroup, AlarmStatus.CLEARED, now,
                    Map.of("rolledUpInto", formed.alarmId())));
        }
    }

    private Group formGroup(Work work, GroupVerdict verdict, List<MeterOutage> outages, List<Member> inherited,
                            List<Recipient> inheritedRecipients, Instant now) {
        List<Member> members = new ArrayList<>(inherited);
        List<Recipient> recipients = new ArrayList<>(inheritedRecipients);
        for (MeterOutage o : outages) {
            members.add(new Member(o.meterId(), o.feederId(), o.alarm().startTime(), null));
            o.alarm().recipients().stream().filter(r -> r.type() == PartyType.NETWORK_OPERATOR)
                    .forEach(recipients::add);
        }
        Instant start = members.stream().map(Member::start).min(Comparator.naturalOrder()).orElse(now);
        Scope scope = new Scope(verdict.level(), verdict.id());
        Group group = Group.forming(verdict.level(), verdict.id(), AlarmIds.of(verdict.rule(), scope, start),
                        verdict.rule(), verdict.severity(), start)
                .recipients(recipients.stream().sorted().distinct().toList()).members(sortedMembers(members)).build();
        for (MeterOutage o : outages) {
            if (remove(work.alone, o.alarm().alarmId()) != null) {
                work.emitted.add(cleared(o.alarm(), now, Map.of("rolledUpInto", group.alarmId())));
            }
            if (remove(work.held, o.alarm().alarmId()) != null) {
                supplierCopy(work, o.alarm());
            }
        }
        work.groups.add(group);
        work.emitted.add(groupAlarm(group, AlarmStatus.RAISED, now, Map.of()));
        return group;
    }

    private Alarm groupAlarm(Group group, AlarmStatus status, Instant time, Map<String, Object> extra) {
        Map<String, Object> details = new LinkedHashMap<>(extra);
        details.put("level", group.level().name());
        details.put("metersOff", group.members().stream().filter(m -> m.restoredAt() == null).count());
        if (group.level() == ScopeLevel.FEEDER) {
            details.put("feederMeters", feederSize.applyAsInt(group.scopeId()));
        } else {
            details.put("substationFeeders", substationSize.applyAsInt(group.scopeId()));
        }
        if (!group.nestedMeterIds().isEmpty()) {
            details.put("nestedMeters", group.nestedMeterIds());
        }
        List<String> meterIds = group.members().stream().map(Member::meterId).toList();
        return Alarm.builder().alarmId(group.alarmId()).kind(KIND, group.severity()).emission(status, time)
                .startTime(group.startTime()).about(new Scope(group.level(), group.scopeId()), meterIds)
                .meterCount(meterIds.size()).raisedBy(group.rule(), ruleSetId).recipients(group.recipients())
                .details(details).build();
    }

    /** Customers interrupted and customer minutes lost: each member from its own loss to its own restoration. */
    private static Map<String, Object> reliability(Group group, Instant end) {
        long minutes = 0;
        for (Member member : group.members()) {
            minutes += Duration.between(member.start(), member.restoredAt()).toMinutes();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customersInterrupted", group.members().size());
        details.put("customerMinutesLost", minutes);
        details.put("endTime", end.toString());
        details.put("durationMinutes", Duration.between(group.startTime(), end).toMinutes());
        return details;
    }

    /**
     * A meter alarm covered by a group still reaches the meter's supplier when the rules addressed it to one
     * (outage.notifySupplier): suppliers hear of their own meters only, never of the group.
     */
    private static void supplierCopy(Work work, Alarm alarm) {
        List<Recipient> suppliers = alarm.recipients().stream().filter(r -> r.type() == PartyType.SUPPLIER).toList();
        if (!suppliers.isEmpty()) {
            work.emitted.add(alarm.withRecipients(suppliers));
        }
    }

    private static Alarm cleared(Alarm raised, Instant time, Map<String, Object> extra) {
        return raised.toBuilder().emission(AlarmStatus.CLEARED, time).details(extra).build();
    }

    private static Group withMembers(Group group, List<Member> members) {
        return group.withMembers(sortedMembers(members));
    }

    private static List<Member> sortedMembers(List<Member> members) {
        return members.stream().sorted(Comparator.comparing(Member::meterId).thenComparing(Member::start)).toList();
    }

    private static MeterOutage remove(List<MeterOutage> outages, String alarmId) {
        for (int i = 0; i < outages.size(); i++) {
            if (outages.get(i).alarm().alarmId().equals(alarmId)) {
                return outages.remove(i);
            }
        }
        return null;
    }

    private static List<MeterOutage> concat(List<MeterOutage> a, List<MeterOutage> b) {
        List<MeterOutage> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The state being changed by one step. */
    private static final class Work {
        final List<MeterOutage> held;
        final List<MeterOutage> alone;
        final List<Group> groups;
        final List<Alarm> nested;
        final List<Alarm> emitted = new ArrayList<>();

        Work(RollUpState state) {
            held = new ArrayList<>(state == null ? List.of() : state.held());
            alone = new ArrayList<>(state == null ? List.of() : state.alone());
            groups = new ArrayList<>(state == null ? List.of() : state.groups());
            nested = new ArrayList<>(state == null ? List.of() : state.nested());
        }

        /** The index of the open group that covers a meter on this feeder or substation, or -1. */
        int coveringGroup(String feederId, String substationId) {
            for (int i = 0; i < groups.size(); i++) {
                Group g = groups.get(i);
                if ((g.level() == ScopeLevel.FEEDER && g.scopeId().equals(feederId))
                        || (g.level() == ScopeLevel.SUBSTATION && g.scopeId().equals(substationId))) {
                    return i;
                }
            }
            return -1;
        }

        Result result() {
            return new Result(RollUpState.of(held, alone, groups, nested), emitted);
        }
    }
}
