package io.gridalarm.rules;

import static io.gridalarm.rules.Instants.earlier;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmIds;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.rules.RollUpState.Group;
import io.gridalarm.rules.RollUpState.Member;
import io.gridalarm.rules.RollUpState.Nested;
import io.gridalarm.rules.fact.AssetStatus;
import io.gridalarm.rules.fact.FeederRecovery;
import io.gridalarm.rules.fact.GroupVerdict;
import io.gridalarm.rules.fact.NestedVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rolls one location's meter outage alarms up the network tree (LV feeder, secondary substation, HV feeder, primary,
 * to whatever depth the network file gives). A confirmed meter outage is held for the grouping window; when the window
 * ends the rule set's roll-up rules see how many meters are off below each asset, and decide which assets are off as a
 * group: the highest of them (below one that is not) becomes one alarm instead of many. Meters that go off later join
 * the open group, and meters that come back leave it, in stages (UPDATED). The group is CLEARED, with customers
 * interrupted and customer minutes lost, when its asset is back: its last meter is, or every meter still off is on an
 * LV feeder the rules judge nested (those are listed as not confirmed back, and raised as nested outages, one per LV
 * feeder, if still off {@code outage.nestedDelayMinutes} after their neighbours came back). Meter alarms sent alone,
 * and groups of lower assets, are cleared into a group above. While part of an asset is still off as a whole, meters
 * still off {@code outage.nestedDelayMinutes} after more than {@code outage.nestedRestoredShare} of their group came
 * back, on LV feeders judged nested, are nested outages behind the open group, listed on it.
 */
public final class OutageRollUp implements TimedRollUp<RollUpState> {

    /** The alarm kind this step rolls up. */
    public static final String KIND = "OUTAGE";
    /** The kind of a meter still off well after most of its group came back. */
    public static final String NESTED_KIND = "NESTED_OUTAGE";
    /** The detail, and its value, of a nested outage that evidence arriving late (a read) proved over earlier. */
    public static final Map.Entry<String, String> CORRECTED_BY_LATE_READ = Map.entry("correctedBy", "LATE_READ");
    /**
     * The detail of a nested outage whose meters were all back before it was due to be raised (its value: when it was
     * due): raised and cleared at once so their minutes count, it was never a nested fault.
     */
    public static final String BACK_BEFORE = "backBefore";

    private final MeterRules rules;
    private final GroupAlarms alarms;
    /** The grouping window and the nested-outage share and delay. */
    private final Thresholds thresholds;
    private final double updateMinShare;
    private final NetworkView network;

    /**
     * @param network the location's meters' places in the tree and the assets' sizes, as they are now
     * @throws IllegalArgumentException when the rule set's rules do not use the roll-up (no asset status), so that
     *     its thresholds were never required
     */
    public OutageRollUp(MeterRules rules, RuleSet ruleSet, NetworkView network) {
        if (!ruleSet.thresholds().uses(Thresholds.Step.ROLL_UP)) {
            throw new IllegalArgumentException("The rule set " + ruleSet.id() + " has no roll-up rules (none uses "
                    + Thresholds.Step.ROLL_UP.facts() + "), so it has no roll-up.");
        }
        this.rules = rules;
        this.alarms = new GroupAlarms(ruleSet.id(), network);
        this.thresholds = ruleSet.thresholds();
        this.updateMinShare = thresholds.updateMinShare();
        this.network = network;
    }

    /** The earliest held alarm, and the earliest update or nested-outage check of an open group. */
    @Override
    public RollUpDue due(RollUpState state) {
        if (state == null) {
            return null;
        }
        Instant fixed = null;
        for (Group group : state.groups()) {
            fixed = earlier(earlier(fixed, group.updateDue()), group.nestedCheckAt());
        }
        for (Nested nested : state.nested()) {
            fixed = earlier(fixed, nested.raiseAt());
        }
        return new RollUpDue(state.heldSince(), fixed);
    }

    /** When the next held alarm's grouping window ends, or a group's update or check is due, or null. */
    @Override
    public Instant nextRelease(RollUpDue due) {
        return due == null ? null : earlier(
                due.windowFrom() == null ? null : due.windowFrom().plus(thresholds.groupWindow()), due.fixedAt());
    }

    /**
     * Takes a meter outage (raised or cleared) from the rules. A raised one joins the open group that covers its
     * feeder or substation, else waits out the grouping window. A cleared one is looked for where the meter's
     * outage can be, in this order: nested (its own alarm clears), in a group (the group clears with its last
     * meter), held or sent alone (the meter alarm goes out, preceded by the held raise it ends). The order matters:
     * a nested meter is also still listed as off on its group, and only its own alarm may clear.
     */
    public RollUpStep<RollUpState> accept(RollUpState state, MeterAlarm outage) {
        Work work = new Work(state);
        if (outage.alarm().status() == AlarmStatus.RAISED) {
            joinOrHold(work, outage);
        } else if (!clearNested(work, outage) && !restoreMember(work, outage)) {
            sendMeterAlarm(work, outage);
        }
        return work.result();
    }

    private void joinOrHold(Work work, MeterAlarm outage) {
        int covering = work.coveringGroup(pathOf(outage));
        if (covering < 0) {
            work.hold(outage);
            return;
        }
        Group joined = work.groups.get(covering).joined(member(outage));
        if (joined.updateDue() == null) {
            joined = joined.withUpdateDue(updateDue(joined, outage.alarm().time()));
        }
        work.groups.set(covering, joined);
        supplierCopy(work, outage.alarm());
    }

    /**
     * Whether the group changed enough since it was last sent for an UPDATED: at least
     * {@code outage.updateMinShare} of its meters joined, came back or left it (one meter when the share is 0).
     */
    private boolean worthAnUpdate(Group group) {
        return group.changedSinceSent() >= Math.max(1, Math.ceil(updateMinShare * group.members().size()));
    }

    /**
     * When the UPDATED for a change at the instant is due: after the grouping window (so a stage's meters go
     * together), and no sooner than {@code outage.updateMinutes} after the group's last emission (a control room
     * reads a storm's progress, not each switching).
     */
    private Instant updateDue(Group group, Instant change) {
        Instant due = change.plus(thresholds.groupWindow());
        Instant earliest = group.sentAt() == null ? due : group.sentAt().plus(thresholds.updateInterval());
        return due.isAfter(earliest) ? due : earliest;
    }

    /**
     * A nested outage's meter is back: once all its meters are, its alarm clears with their customer minutes lost, at
     * the true restoration of the last. Evidence that arrives late (a read in the next day's batch) can show supply
     * back before the nested outage was judged: the clear then says that the judgement was corrected. A nested
     * outage not yet raised (its asset cleared without its meters, and the nested delay has not passed) whose meters
     * are all back is raised and cleared at once: they were off longer than their asset, and their minutes count.
     */
    private static boolean clearNested(Work work, MeterAlarm outage) {
        Instant back = outage.alarm().time();
        for (int n = 0; n < work.nested.size(); n++) {
            Nested nested = work.nested.get(n);
            int open = openMember(nested.members(), outage.meterId());
            if (open < 0) {
                continue;
            }
            List<Member> members = new ArrayList<>(nested.members());
            members.set(open, members.get(open).restored(back));
            if (members.stream().anyMatch(m -> m.restoredAt() == null)) {
                work.nested.set(n, new Nested(nested.raised(), members, nested.raiseAt()));
                return true;
            }
            work.nested.remove(n);
            Instant end = lastBack(members, back);
            Alarm raised = nested.raised();
            if (nested.pending()) {
                raised = raised.toBuilder().emission(AlarmStatus.RAISED, end).build();
                work.emitted.add(raised);
            }
            Instant start = raised.startTime();
            Map<String, Object> details = new LinkedHashMap<>(GroupAlarms.lostSupply(members, start, end));
            if (nested.pending()) {
                details.put(BACK_BEFORE, nested.raiseAt().toString());
            } else if (end.isBefore(raised.time())) {
                details.put(CORRECTED_BY_LATE_READ.getKey(), CORRECTED_BY_LATE_READ.getValue());
                details.put("judgedAt", raised.time().toString());
            }
            work.emitted.add(GroupAlarms.cleared(raised, end, details));
            return true;
        }
        return false;
    }

    private static int openMember(List<Member> members, String meterId) {
        for (int m = 0; m < members.size(); m++) {
            if (members.get(m).meterId().equals(meterId) && members.get(m).restoredAt() == null) {
                return m;
            }
        }
        return -1;
    }

    /** When the last of the members came back (all are back), or {@code otherwise} when none is. */
    private static Instant lastBack(List<Member> members, Instant otherwise) {
        return members.stream().map(Member::restoredAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(otherwise);
    }

    /** A group's meter is back: the group clears with its last meter, and may now hide nested outages. */
    private boolean restoreMember(Work work, MeterAlarm outage) {
        Instant back = outage.alarm().time();
        for (int g = 0; g < work.groups.size(); g++) {
            Group group = work.groups.get(g);
            // Members are sorted by meter: the meter's place is searched for, and only its path is changed.
            Group updated = group;
            for (int m = group.firstOf(outage.meterId()); m < group.members().size()
                    && group.members().get(m).meterId().equals(outage.meterId()); m++) {
                if (group.members().get(m).restoredAt() == null) {
                    updated = updated.restored(m, back);
                }
            }
            if (updated == group) {
                continue;
            }
            supplierCopy(work, outage.alarm());
            if (updated.membersOff() == 0) {
                // A late read may bring back a meter earlier than others already were: the group ended with its last.
                work.groups.remove(g);
                work.emitted.add(alarms.cleared(updated, updated.lastBack(), updated.lastBack()));
            } else {
                if (updated.nestedCheckAt() == null
                        && updated.membersBack() > thresholds.nestedRestoredShare() * updated.members().size()) {
                    updated = updated.withNestedCheck(back.plus(thresholds.nestedDelay()));
                }
                // Restoration in stages: the meters a stage brings back within the grouping window are one UPDATED.
                if (updated.updateDue() == null) {
                    updated = updated.withUpdateDue(updateDue(updated, back));
                }
                work.groups.set(g, updated);
            }
            return true;
        }
        return false;
    }

    /** A meter outage outside any group ends: a raise still held goes out first, so the clear never comes alone. */
    private static void sendMeterAlarm(Work work, MeterAlarm outage) {
        MeterAlarm held = remove(work.held, outage.alarm().alarmId());
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
    @Override
    public RollUpStep<RollUpState> release(RollUpState state, Instant now) {
        Work work = new Work(state);
        settleOpenGroups(work, now);
        raisePendingNested(work, now);
        Duration window = thresholds.groupWindow();
        if (work.held.stream().noneMatch(o -> !o.alarm().time().plus(window).isAfter(now))) {
            return work.result();
        }
        groupWhatIsOffTogether(work, now);
        for (MeterAlarm due : List.copyOf(work.held)) {
            if (!due.alarm().time().plus(window).isAfter(now)) {
                work.held.remove(due);
                work.alone.add(due);
                work.emitted.add(due.alarm());
            }
        }
        return work.result();
    }

    /**
     * Sends each open group's pending UPDATED and runs its nested-outage check, where they fell due. When an UPDATED
     * falls due with meters back, and every meter still off is on an LV feeder the rules judge nested, the asset is
     * back: its outage clears instead, at once.
     */
    private void settleOpenGroups(Work work, Instant now) {
        for (Group group : List.copyOf(work.groups)) {
            if (group.updateDue() != null && !group.updateDue().isAfter(now)) {
                if (clearIfBack(work, group, now)) {
                    continue;
                }
                Group settled;
                if (worthAnUpdate(group)) {
                    settled = group.sent(now);
                    work.emitted.add(alarms.of(settled, AlarmStatus.UPDATED, now, Map.of()));
                } else {
                    // Too small a change to tell: it counts towards the next one, or shows in the clear.
                    settled = group.withUpdateDue(null);
                }
                work.groups.set(work.groups.indexOf(group), settled);
                group = settled;
            }
            if (group.nestedCheckAt() != null && !group.nestedCheckAt().isAfter(now)) {
                reportNested(work, group, now);
            }
        }
    }

    /**
     * Clears the group's outage when its asset is back: all its meters are, except meters on LV feeders the rules
     * judge nested, and none has come back within the grouping window (else it looks again then). The outage ends
     * with the last meter back and counts the meters back; the others are listed as not confirmed back and wait, per
     * LV feeder, as nested outages raised {@code outage.nestedDelayMinutes} after their neighbours were mostly back
     * (at once when that has passed) if any of them is still off then. Each meter's minutes are counted in one
     * alarm: the asset's, or its nested outage's.
     */
    private boolean clearIfBack(Work work, Group group, Instant now) {
        if (group.membersBack() == 0) {
            return false;
        }
        Recovery recovery = new Recovery(group);
        Map<String, String> nestedRuleByFeeder = nestedRuleByFeeder(recovery);
        List<Member> confirmed = new ArrayList<>(group.membersBack());
        Map<String, List<Member>> offByFeeder = new TreeMap<>();
        for (Member member : group.members()) {
            if (member.restoredAt() != null) {
                confirmed.add(member);
            } else if (nestedRuleByFeeder.containsKey(String.valueOf(member.feederId()))) {
                offByFeeder.computeIfAbsent(String.valueOf(member.feederId()), f -> new ArrayList<>()).add(member);
            } else {
                return false;
            }
        }
        Instant end = group.lastBack();
        Instant settled = end.plus(thresholds.groupWindow());
        if (settled.isAfter(now)) {
            // Meters are still coming back (a stage's alerts spread over a minute or two): look again once they stop.
            work.groups.set(work.groups.indexOf(group), group.withUpdateDue(settled));
            return true;
        }
        work.groups.remove(work.groups.indexOf(group));
        List<String> notConfirmedBack = new ArrayList<>();
        offByFeeder.forEach((feeder, members) -> {
            // The delay runs from when the meters' neighbours were mostly back (in a staged restoration, maybe hours
            // before the asset's last stage): their LV feeder, or their substation, whichever was first.
            double share = thresholds.nestedRestoredShare();
            Instant neighboursBack = earlier(recovery.byFeeder.get(feeder).mostlyBackAt(share),
                    recovery.bySubstation.get(recovery.substationOfFeeder.get(feeder)).mostlyBackAt(share));
            Instant raiseAt = (neighboursBack == null ? end : neighboursBack).plus(thresholds.nestedDelay());
            Alarm raised = alarms.nested(group, nestedRuleByFeeder.get(feeder), feeder, members, raiseAt);
            work.nested.add(new Nested(raised, members, raiseAt));
            members.forEach(member -> notConfirmedBack.add(member.meterId()));
        });
        work.emitted.add(alarms.clearedWithout(group.withNested(confirmed, group.nestedMeterIds()), now, end,
                notConfirmedBack.stream().sorted().toList()));
        return true;
    }

    /** Raises the nested outages whose asset cleared without them, once the nested delay has passed. */
    private static void raisePendingNested(Work work, Instant now) {
        for (int n = 0; n < work.nested.size(); n++) {
            Nested nested = work.nested.get(n);
            if (nested.pending() && !nested.raiseAt().isAfter(now)) {
                Alarm raised = nested.raised().toBuilder().emission(AlarmStatus.RAISED, now).build();
                work.nested.set(n, new Nested(raised, nested.members(), null));
                work.emitted.add(raised);
            }
        }
    }

    /**
     * Counts the location's confirmed-off meters (held, sent alone, and still off in open groups) on every asset
     * above them, lets the rules decide which assets are off as a group, and forms a group for each highest one
     * that no open group covers yet. Lower assets off as a group are not formed: their meters are in the one above.
     */
    private void groupWhatIsOffTogether(Work work, Instant now) {
        AssetTally off = new AssetTally();
        for (MeterAlarm o : concat(work.held, work.alone)) {
            off.add(pathOf(o));
        }
        for (Group group : work.groups) {
            for (Member member : group.members()) {
                if (member.restoredAt() == null) {
                    off.add(pathOf(member));
                }
            }
        }
        List<AssetStatus> statuses = new ArrayList<>(off.byAsset().size());
        off.byAsset().forEach((assetId, below) -> statuses.add(new AssetStatus(assetId, below.kind(),
                below.parentId(), network.meters(assetId), below.meters(), network.children(assetId))));
        for (GroupVerdict verdict : AssetTally.highest(rules.classifyOutages(statuses))) {
            NetworkPath assetPath = off.byAsset().get(verdict.assetId()).path();
            if (work.coveringGroup(assetPath) < 0) {
                formGroup(work, verdict, now);
            }
        }
    }

    private NetworkPath pathOf(MeterAlarm outage) {
        return network.pathOf(outage.feederId(), outage.substationId());
    }

    private NetworkPath pathOf(Member member) {
        return network.pathOf(member.feederId(), member.substationId());
    }

    private static Member member(MeterAlarm outage) {
        return new Member(outage.meterId(), outage.feederId(), outage.substationId(), outage.alarm().startTime(),
                null);
    }

    /**
     * Most of the group came back a while ago: the meters still off on an LV feeder the rules judge nested (mostly back,
     * or dark while most of its substation is back) are second faults behind the first: one nested outage per LV
     * feeder (of the meter, when only one is off), listed on the group. The group clears when the rest of its meters
     * are back (at once, if they all are), its end the restoration of the last of them.
     */
    private void reportNested(Work work, Group group, Instant now) {
        Map<String, String> nestedRuleByFeeder = nestedRuleByFeeder(new Recovery(group));
        List<Member> remaining = new ArrayList<>();
        Map<String, List<Member>> nestedByFeeder = new TreeMap<>();
        for (Member member : group.members()) {
            if (member.restoredAt() == null && nestedRuleByFeeder.containsKey(String.valueOf(member.feederId()))) {
                nestedByFeeder.computeIfAbsent(String.valueOf(member.feederId()), f -> new ArrayList<>()).add(member);
            } else {
                remaining.add(member);
            }
        }
        List<String> nestedIds = new ArrayList<>(group.nestedMeterIds());
        nestedByFeeder.forEach((feeder, members) -> {
            Alarm raised = alarms.nested(group, nestedRuleByFeeder.get(feeder), feeder, members, now);
            work.nested.add(new Nested(raised, members, null));
            work.emitted.add(raised);
            nestedIds.addAll(raised.meterIds());
        });
        Group checked = group.withNested(remaining, nestedIds.stream().sorted().toList());
        int index = work.groups.indexOf(group);
        if (remaining.stream().allMatch(m -> m.restoredAt() != null)) {
            work.groups.remove(index);
            Instant end = lastBack(remaining, now);
            work.emitted.add(alarms.cleared(checked, now, end));
        } else {
            work.groups.set(index, checked);
        }
    }

    /**
     * The group's LV feeders with meters off that the rules judge nested (mostly back, or dark while most of its
     * substation is back), each with the rule that judged it.
     */
    private Map<String, String> nestedRuleByFeeder(Recovery recovery) {
        List<FeederRecovery> facts = new ArrayList<>(recovery.byFeeder.size());
        recovery.byFeeder.forEach((feeder, members) -> {
            String substation = recovery.substationOfFeeder.get(feeder);
            Comeback around = recovery.bySubstation.get(substation);
            facts.add(new FeederRecovery(feeder, substation, members.back(), members.members, around.back(),
                    around.members));
        });
        Map<String, String> nestedRuleByFeeder = new TreeMap<>();
        for (NestedVerdict verdict : rules.classifyNested(facts)) {
            nestedRuleByFeeder.putIfAbsent(verdict.feederId(), verdict.rule());
        }
        return nestedRuleByFeeder;
    }

    /**
     * Forms the outage of an asset off as a group: the meter outages below it (held, or sent alone: those are cleared
     * into it) and the open groups of assets below it (cleared into it, their members and recipients taken over).
     */
    private void formGroup(Work work, GroupVerdict verdict, Instant now) {
        List<Group> below = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        List<Recipient> recipients = new ArrayList<>();
        for (Group group : work.groups) {
            if (!group.scopeId().equals(verdict.assetId()) && group.members().stream()
                    .anyMatch(m -> pathOf(m).contains(verdict.assetId()))) {
                below.add(group);
                members.addAll(group.members());
                recipients.addAll(group.recipients());
            }
        }
        List<MeterAlarm> outages = concat(work.held, work.alone).stream()
                .filter(o -> pathOf(o).contains(verdict.assetId())).toList();
        if (outages.isEmpty() && below.isEmpty()) {
            return;
        }
        work.groups.removeAll(below);
        for (MeterAlarm o : outages) {
            members.add(member(o));
            o.alarm().recipients().stream().filter(r -> r.type() == PartyType.NETWORK_OPERATOR)
                    .forEach(recipients::add);
        }
        Instant start = members.stream().map(Member::start).min(Comparator.naturalOrder()).orElse(now);
        Scope scope = new Scope(ScopeLevel.of(verdict.kind()), verdict.assetId());
        Group group = Group.forming(scope.level(), verdict.assetId(), AlarmIds.of(verdict.rule(), scope, start),
                        verdict.rule(), verdict.severity(), start)
                .recipients(recipients.stream().sorted().distinct().toList()).members(sortedMembers(members))
                .build().sent(now);
        // One pass over each list, not a search per meter: a storm forms groups of thousands.
        Set<String> taken = new HashSet<>();
        outages.forEach(o -> taken.add(o.alarm().alarmId()));
        for (MeterAlarm o : takeOut(work.alone, taken)) {
            work.emitted.add(GroupAlarms.cleared(o.alarm(), now, Map.of("rolledUpInto", group.alarmId())));
        }
        for (MeterAlarm o : takeOut(work.held, taken)) {
            supplierCopy(work, o.alarm());
        }
        work.groups.add(group);
        work.emitted.add(alarms.of(group, AlarmStatus.RAISED, now, Map.of()));
        for (Group lower : below) {
            work.emitted.add(alarms.of(lower, AlarmStatus.CLEARED, now, Map.of("rolledUpInto", group.alarmId())));
        }
    }

    /**
     * A meter alarm covered by a group still reaches the meter's supplier when the rules addressed it to one
     * (outage.notifySupplier): suppliers hear of their own meters only, never of the group.
     */
    private static void supplierCopy(Work work, Alarm alarm) {
        List<Recipient> suppliers = null;
        for (Recipient recipient : alarm.recipients()) {
            if (recipient.type() == PartyType.SUPPLIER) {
                suppliers = suppliers == null ? new ArrayList<>(1) : suppliers;
                suppliers.add(recipient);
            }
        }
        if (suppliers != null) {
            work.emitted.add(alarm.withRecipients(suppliers));
        }
    }

    private static List<Member> sortedMembers(List<Member> members) {
        return members.stream().sorted(RollUpState.MEMBER_ORDER).toList();
    }

    /** Removes the outages with these alarm ids from the list, in one pass; returns them in list order. */
    private static List<MeterAlarm> takeOut(List<MeterAlarm> outages, Set<String> alarmIds) {
        List<MeterAlarm> taken = new ArrayList<>();
        List<MeterAlarm> kept = new ArrayList<>(outages.size());
        for (MeterAlarm o : outages) {
            (alarmIds.contains(o.alarm().alarmId()) ? taken : kept).add(o);
        }
        outages.clear();
        outages.addAll(kept);
        return taken;
    }

    private static MeterAlarm remove(List<MeterAlarm> outages, String alarmId) {
        for (int i = 0; i < outages.size(); i++) {
            if (outages.get(i).alarm().alarmId().equals(alarmId)) {
                return outages.remove(i);
            }
        }
        return null;
    }

    private static List<MeterAlarm> concat(List<MeterAlarm> a, List<MeterAlarm> b) {
        List<MeterAlarm> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** How far a group's meters are back, by LV feeder and by substation, counted in one pass over its members. */
    private static final class Recovery {
        final Map<String, Comeback> byFeeder = new TreeMap<>();
        final Map<String, Comeback> bySubstation = new TreeMap<>();
        final Map<String, String> substationOfFeeder = new TreeMap<>();

        Recovery(Group group) {
            for (Member member : group.members()) {
                String feeder = String.valueOf(member.feederId());
                String substation = String.valueOf(member.substationId());
                substationOfFeeder.put(feeder, substation);
                byFeeder.computeIfAbsent(feeder, f -> new Comeback()).add(member);
                bySubstation.computeIfAbsent(substation, b -> new Comeback()).add(member);
            }
        }
    }

    /** The members of one LV feeder or substation, and when those back came back. */
    private static final class Comeback {
        private final List<Instant> backTimes = new ArrayList<>();
        private int members;

        void add(Member member) {
            members++;
            if (member.restoredAt() != null) {
                backTimes.add(member.restoredAt());
            }
        }

        long back() {
            return backTimes.size();
        }

        /** When more than the share of them were back (the rules' "mostly back" from then on), or null if never. */
        Instant mostlyBackAt(double share) {
            int needed = (int) Math.floor(share * members) + 1;
            if (backTimes.size() < needed) {
                return null;
            }
            backTimes.sort(null);
            return backTimes.get(needed - 1);
        }
    }

    /** The state being changed by one step. */
    private static final class Work {
        final EditableList<MeterAlarm> held;
        final EditableList<MeterAlarm> alone;
        final EditableList<Group> groups;
        final EditableList<Nested> nested;
        final List<Alarm> emitted = new ArrayList<>();
        private Instant heldSince;

        Work(RollUpState state) {
            heldSince = state == null ? null : state.heldSince();
            held = new EditableList<>(state == null ? List.of() : state.held());
            alone = new EditableList<>(state == null ? List.of() : state.alone());
            groups = new EditableList<>(state == null ? List.of() : state.groups());
            nested = new EditableList<>(state == null ? List.of() : state.nested());
        }

        /** The index of the open group of an asset on this path (a meter's, or an asset's own), or -1. */
        int coveringGroup(NetworkPath path) {
            for (int i = 0; i < groups.size(); i++) {
                if (path.contains(groups.get(i).scopeId())) {
                    return i;
                }
            }
            return -1;
        }

        /** Holds a meter outage for the grouping window. */
        void hold(MeterAlarm outage) {
            held.add(outage);
            heldSince = earlier(heldSince, outage.alarm().time());
        }

        RollUpStep<RollUpState> result() {
            if (held.removedAny()) {
                heldSince = null;
                for (MeterAlarm outage : held) {
                    heldSince = earlier(heldSince, outage.alarm().time());
                }
            }
            return new RollUpStep<>(RollUpState.of(held.persistent(), alone.persistent(), groups.persistent(),
                    nested.persistent(), heldSince), emitted);
        }
    }
}
