package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmIds;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.rules.VoltageRollUpState.AssetExcursion;
import io.gridalarm.rules.VoltageRollUpState.Held;
import io.gridalarm.rules.fact.VoltageSpread;
import io.gridalarm.rules.fact.VoltageVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rolls one location's meter voltage alarms up to the asset at fault. A meter's alarm (out of the statutory range in
 * its reads, or a voltage alert) is held until its neighbours' can be in: for reads, until the reads' clock has passed
 * its interval (the whole location's reads of an interval come together, in the next day's batch); for alerts, for
 * {@code voltage.alertGroupWindowMinutes} on the alerts' clock. Then the rule set's voltage rules see how many meters
 * are out of range below each asset, alarms of one kind counted together, and decide which assets are out of range as
 * a whole (a tap or transformer problem): the highest of them becomes one alarm of the meters' kind, scoped to the
 * asset, and the meter alarms it covers are not sent (those sent alone before are cleared into it; those released
 * later join it, with an UPDATED). A meter alarm no asset takes goes out alone (a single premise: a service cable or
 * neutral fault). As its meters come back in range the asset's alarm is UPDATED, once for the meters that left it
 * together (those of one read interval; alerts within one grouping window), and it clears when the last of its
 * meters' alarms does.
 */
public final class VoltageRollUp implements TimedRollUp<VoltageRollUpState> {

    /** The clock a held meter alarm waits on: that of the input that raised it. */
    public enum Clock {
        /** Alerts, within seconds: held for the alert grouping window. */
        ALERTS,
        /** Reads, a day late in a batch: held until the location's reads have passed its interval. */
        READS
    }

    private final MeterRules rules;
    private final String ruleSetId;
    private final Duration alertWindow;
    private final NetworkView network;

    /**
     * @param network the location's meters' places in the tree and the assets' sizes, as they are now
     * @throws IllegalArgumentException when the rule set has no voltage roll-up rules (none uses
     *     {@code VoltageSpread}), so that its thresholds were never required
     */
    public VoltageRollUp(MeterRules rules, RuleSet ruleSet, NetworkView network) {
        if (!ruleSet.thresholds().uses(Thresholds.Step.VOLTAGE_ROLL_UP)) {
            throw new IllegalArgumentException("The rule set " + ruleSet.id() + " has no voltage roll-up rules (none "
                    + "uses " + Thresholds.Step.VOLTAGE_ROLL_UP.facts() + "), so it has no voltage roll-up.");
        }
        this.rules = rules;
        this.ruleSetId = ruleSet.id();
        this.alertWindow = ruleSet.thresholds().voltageAlertWindow();
        this.network = network;
    }

    /**
     * The earliest held alert, or the earliest first shrink of an alert-raised asset alarm: each window runs from it
     * (held reads and asset alarms of reads wait for the reads' progress, not a timer).
     */
    @Override
    public RollUpDue due(VoltageRollUpState state) {
        if (state == null) {
            return null;
        }
        Instant from = null;
        for (Held held : state.held()) {
            if (held.clock() == Clock.ALERTS) {
                from = Instants.earlier(from, held.excursion().alarm().time());
            }
        }
        for (AssetExcursion group : state.groups()) {
            if (group.clock() == Clock.ALERTS) {
                from = Instants.earlier(from, group.shrunkSince());
            }
        }
        return new RollUpDue(from, null);
    }

    /** When the window of the earliest held alert or shrink ends, or null. */
    @Override
    public Instant nextRelease(RollUpDue due) {
        return due == null || due.windowFrom() == null ? null : due.windowFrom().plus(alertWindow);
    }

    /**
     * Takes a meter voltage alarm (raised or cleared) from the rules. A raised one is held on its input's clock (when
     * it is released it joins the open alarm of an asset above it, if there is one). A cleared one leaves its asset's
     * alarm (which clears with its last meter), or goes out, preceded by its raise if that was still held; a raise
     * still held that an asset's open alarm covers ends silently with it.
     */
    public RollUpStep<VoltageRollUpState> accept(VoltageRollUpState state, MeterAlarm excursion, Clock clock) {
        Work work = new Work(state);
        Alarm alarm = excursion.alarm();
        if (alarm.status() == AlarmStatus.RAISED) {
            work.held.add(new Held(excursion, clock));
        } else if (!leaveGroup(work, excursion)) {
            Held held = work.takeHeld(alarm.alarmId());
            if (held != null && work.coveringGroup(alarm.kind(), pathOf(excursion)) >= 0) {
                return work.result();
            }
            if (held != null) {
                work.emitted.add(held.excursion().alarm());
            } else {
                work.alone.removeIf(e -> e.alarm().alarmId().equals(alarm.alarmId()));
            }
            work.emitted.add(alarm);
        }
        return work.result();
    }

    /**
     * The clock of one input reached {@code now}: its held meter alarms that are due (alerts whose window ended at
     * or before it; reads of intervals ending before it) are grouped by asset where the rules say so, and sent alone
     * otherwise. Group alarms are stamped with the release (alerts) or the latest interval end among the reads
     * released (so a replay and a live run, whose reads' clocks move in different steps, stamp them alike).
     */
    public RollUpStep<VoltageRollUpState> release(VoltageRollUpState state, Clock clock, Instant now) {
        Work work = new Work(state);
        sendShrinks(work, clock, now);
        Map<String, List<MeterAlarm>> dueByKind = new TreeMap<>();
        for (Held held : List.copyOf(work.held)) {
            Instant time = held.excursion().alarm().time();
            boolean due = clock == Clock.ALERTS ? !time.plus(alertWindow).isAfter(now) : time.isBefore(now);
            if (held.clock() == clock && due) {
                work.held.remove(held);
                dueByKind.computeIfAbsent(held.excursion().alarm().kind(), k -> new ArrayList<>())
                        .add(held.excursion());
            }
        }
        dueByKind.forEach((kind, due) -> {
            Instant at = clock == Clock.ALERTS ? now
                    : due.stream().map(e -> e.alarm().time()).max(Comparator.naturalOrder()).orElse(now);
            groupWhatIsOutTogether(work, kind, clock, due, at);
        });
        return work.result();
    }

    /**
     * One UPDATED for each asset alarm on this clock that meters have left since it last said so, once their
     * companions can be in: alerts that cleared within the grouping window, stamped at its end; reads of the intervals
     * the reads' clock has passed, stamped at the first of them to leave (a replay and a live run stamp them alike).
     */
    private void sendShrinks(Work work, Clock clock, Instant now) {
        for (int g = 0; g < work.groups.size(); g++) {
            AssetExcursion group = work.groups.get(g);
            Instant since = group.shrunkSince();
            if (since == null || (group.clock() != null && group.clock() != clock)) {
                continue;
            }
            Instant at = clock == Clock.ALERTS ? since.plus(alertWindow) : since;
            if (clock == Clock.ALERTS ? !at.isAfter(now) : since.isBefore(now)) {
                AssetExcursion sent = group.shrinkSent();
                work.groups.set(g, sent);
                work.emitted.add(alarmOf(sent, AlarmStatus.UPDATED, at, Map.of()));
            }
        }
    }

    /** The alerts' clock reached the instant: {@link #release(VoltageRollUpState, Clock, Instant)} of alerts. */
    @Override
    public RollUpStep<VoltageRollUpState> release(VoltageRollUpState state, Instant now) {
        return release(state, Clock.ALERTS, now);
    }

    /**
     * Meter alarms released now join the open asset alarm above them, if any (one UPDATED per asset alarm that grew).
     * For the rest, counts the meters out of range with alarms of one kind (released now, still held, sent alone, and
     * in open asset alarms) on every asset above them, lets the rules decide which assets are out of range as a whole,
     * and forms an alarm for each highest one that takes some of the meters released now; the others go out alone.
     */
    private void groupWhatIsOutTogether(Work work, String kind, Clock clock, List<MeterAlarm> due, Instant at) {
        List<MeterAlarm> waiting = new ArrayList<>();
        Set<Integer> grown = new TreeSet<>();
        for (MeterAlarm excursion : due) {
            int covering = work.coveringGroup(kind, pathOf(excursion));
            if (covering >= 0) {
                work.groups.set(covering, work.groups.get(covering).joined(excursion));
                grown.add(covering);
            } else {
                waiting.add(excursion);
            }
        }
        for (int g : grown) {
            work.emitted.add(alarmOf(work.groups.get(g), AlarmStatus.UPDATED, at, Map.of()));
        }
        if (waiting.isEmpty()) {
            return;
        }
        Map<String, NetworkPath> outOfRange = new TreeMap<>();
        List<MeterAlarm> counted = new ArrayList<>(waiting);
        work.held.stream().map(Held::excursion).filter(e -> e.alarm().kind().equals(kind)).forEach(counted::add);
        work.alone.stream().filter(e -> e.alarm().kind().equals(kind)).forEach(counted::add);
        work.groups.stream().filter(g -> g.kind().equals(kind)).forEach(g -> counted.addAll(g.members()));
        counted.forEach(e -> outOfRange.putIfAbsent(e.meterId(), pathOf(e)));
        AssetTally tally = new AssetTally();
        outOfRange.values().forEach(tally::add);
        List<VoltageSpread> spreads = new ArrayList<>(tally.byAsset().size());
        tally.byAsset().forEach((assetId, below) -> spreads.add(new VoltageSpread(assetId, below.kind(),
                below.parentId(), network.meters(assetId), below.meters(), clock == Clock.ALERTS)));
        for (VoltageVerdict verdict : AssetTally.highest(rules.classifyVoltage(spreads))) {
            if (work.coveringGroup(kind, tally.byAsset().get(verdict.assetId()).path()) < 0) {
                formGroup(work, kind, clock, verdict, waiting, at);
            }
        }
        for (MeterAlarm alone : waiting) {
            work.alone.add(alone);
            work.emitted.add(alone.alarm());
        }
    }

    /**
     * Forms the alarm of an asset out of range as a whole, when some meter alarm released now is below it: those, the
     * meter alarms of its kind still held below it, those sent alone below it and the open alarms of assets below it
     * (both cleared into it).
     */
    private void formGroup(Work work, String kind, Clock clock, VoltageVerdict verdict, List<MeterAlarm> waiting,
                           Instant at) {
        String assetId = verdict.assetId();
        List<MeterAlarm> members = new ArrayList<>();
        for (MeterAlarm excursion : List.copyOf(waiting)) {
            if (pathOf(excursion).contains(assetId)) {
                waiting.remove(excursion);
                members.add(excursion);
            }
        }
        if (members.isEmpty()) {
            return;
        }
        for (Held held : List.copyOf(work.held)) {
            MeterAlarm excursion = held.excursion();
            if (excursion.alarm().kind().equals(kind) && pathOf(excursion).contains(assetId)) {
                work.held.remove(held);
                members.add(excursion);
            }
        }
        List<MeterAlarm> rolled = work.alone.stream()
                .filter(e -> e.alarm().kind().equals(kind) && pathOf(e).contains(assetId)).toList();
        work.alone.removeAll(rolled);
        members.addAll(rolled);
        List<AssetExcursion> below = work.groups.stream().filter(g -> g.kind().equals(kind)
                && !g.members().isEmpty() && pathOf(g.members().get(0)).contains(assetId)).toList();
        work.groups.removeAll(below);
        below.forEach(g -> members.addAll(g.members()));
        members.sort(Comparator.comparing(MeterAlarm::meterId)
                .thenComparing(e -> e.alarm().alarmId()));
        Instant start = members.stream().map(e -> e.alarm().startTime()).min(Comparator.naturalOrder()).orElse(at);
        Scope scope = new Scope(ScopeLevel.of(verdict.kind()), assetId);
        List<Recipient> recipients = members.stream().flatMap(e -> e.alarm().recipients().stream())
                .filter(r -> r.type() == PartyType.NETWORK_OPERATOR).sorted().distinct().toList();
        AssetExcursion group = new AssetExcursion(kind, scope.level(), assetId,
                AlarmIds.of(verdict.rule(), scope, start), verdict.rule(), verdict.severity(), start, recipients,
                members, members.stream().map(MeterAlarm::meterId).distinct().sorted().toList(), clock, null);
        work.groups.add(group);
        for (MeterAlarm excursion : rolled) {
            work.emitted.add(GroupAlarms.cleared(excursion.alarm(), at, Map.of("rolledUpInto", group.alarmId())));
        }
        work.emitted.add(alarmOf(group, AlarmStatus.RAISED, at, Map.of()));
        for (AssetExcursion lower : below) {
            work.emitted.add(alarmOf(lower, AlarmStatus.CLEARED, at, Map.of("rolledUpInto", group.alarmId())));
        }
    }

    /**
     * A meter alarm of an asset's clears: the asset's alarm clears with the last of them, and until then is UPDATED
     * when the meters that left together can all have left ({@link #sendShrinks}).
     */
    private boolean leaveGroup(Work work, MeterAlarm excursion) {
        String alarmId = excursion.alarm().alarmId();
        for (int g = 0; g < work.groups.size(); g++) {
            AssetExcursion group = work.groups.get(g);
            if (!group.covers(alarmId)) {
                continue;
            }
            AssetExcursion left = group.without(excursion, excursion.alarm().time());
            if (left.members().isEmpty()) {
                work.groups.remove(g);
                Instant end = excursion.alarm().time();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("endTime", end.toString());
                details.put("durationMinutes", Duration.between(group.startTime(), end).toMinutes());
                work.emitted.add(alarmOf(left, AlarmStatus.CLEARED, end, details));
            } else {
                work.groups.set(g, left);
            }
            return true;
        }
        return false;
    }

    /** The asset's alarm at an emission: how many of its meters are out of range now, of how many it feeds. */
    private Alarm alarmOf(AssetExcursion group, AlarmStatus status, Instant time, Map<String, Object> extra) {
        Map<String, Object> details = new LinkedHashMap<>(extra);
        details.put("level", group.level().name());
        details.put("metersOutOfRange", group.members().stream().map(MeterAlarm::meterId).distinct().count());
        details.put("assetMeters", network.meters(group.assetId()));
        return Alarm.builder().alarmId(group.alarmId()).kind(group.kind(), group.severity())
                .emission(status, time).startTime(group.startTime())
                .about(new Scope(group.level(), group.assetId()), group.meterIds()).meterCount(group.meterIds().size())
                .raisedBy(group.rule(), ruleSetId).recipients(group.recipients()).details(details).build();
    }

    private NetworkPath pathOf(MeterAlarm excursion) {
        return network.pathOf(excursion.feederId(), excursion.substationId());
    }

    /** The state being changed by one step. */
    private final class Work {
        final List<Held> held;
        final List<MeterAlarm> alone;
        final List<AssetExcursion> groups;
        final List<Alarm> emitted = new ArrayList<>();

        Work(VoltageRollUpState state) {
            held = new ArrayList<>(state == null ? List.of() : state.held());
            alone = new ArrayList<>(state == null ? List.of() : state.alone());
            groups = new ArrayList<>(state == null ? List.of() : state.groups());
        }

        /** The index of the open alarm of this kind of an asset on the path, or -1. */
        int coveringGroup(String kind, NetworkPath path) {
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).kind().equals(kind) && path.contains(groups.get(i).assetId())) {
                    return i;
                }
            }
            return -1;
        }

        Held takeHeld(String alarmId) {
            for (int i = 0; i < held.size(); i++) {
                if (held.get(i).excursion().alarm().alarmId().equals(alarmId)) {
                    return held.remove(i);
                }
            }
            return null;
        }

        RollUpStep<VoltageRollUpState> result() {
            return new RollUpStep<>(VoltageRollUpState.of(held, alone, groups), emitted);
        }
    }
}
