package io.gridalarm.rules;

import io.gridalarm.model.AlertCategory;
import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.Severity;
import io.gridalarm.rules.fact.AlertFact;
import io.gridalarm.rules.fact.AssetStatus;
import io.gridalarm.rules.fact.CommandOverdue;
import io.gridalarm.rules.fact.FeederRecovery;
import io.gridalarm.rules.fact.GroupVerdict;
import io.gridalarm.rules.fact.Interruption;
import io.gridalarm.rules.fact.LimiterReconnection;
import io.gridalarm.rules.fact.NestedVerdict;
import io.gridalarm.rules.fact.OpenAlarm;
import io.gridalarm.rules.fact.OutcomeFact;
import io.gridalarm.rules.fact.ReadFact;
import io.gridalarm.rules.fact.Silence;
import io.gridalarm.rules.fact.SupplyEvent;
import io.gridalarm.rules.fact.SwitchingSpread;
import io.gridalarm.rules.fact.SwitchingVerdict;
import io.gridalarm.rules.fact.VoltageSpread;
import io.gridalarm.rules.fact.VoltageVerdict;
import io.gridalarm.rules.fact.VoltageWatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The default rule set ({@code rules/gb-default}) written by hand in Java: the rule-engine baseline for the
 * benchmark. It must give exactly the alarms the DRL gives; a test holds the two to that.
 */
public final class HandCodedDefaultRules implements MeterRules {

    private static final String EXTREME_VOLTAGE_KEY = "EXTREME_VOLTAGE";
    private static final String LOAD_LIMIT_KEY = "LOAD_LIMIT_TRIP";
    private static final String OUTAGE_KEY = "OUTAGE";
    private static final String COMMS_LOSS_KEY = "COMMS_LOSS";

    private final String ruleSetId;
    private final double minVolts;
    private final double maxVolts;
    private final double consecutiveIntervals;
    private final boolean notifySupplier;
    private final double feederMinMeters;
    private final double feederMinShare;
    private final double substationMinFeeders;
    private final double hvFeederMinSubstations;
    private final double hvFeederMinShare;
    private final double primaryMinHvFeeders;
    private final double primaryMinShare;
    private final double commsLossIntervals;
    private final double voltageAssetMinMeters;
    private final double voltageAssetMinShare;
    private final double voltageAlertMinShare;
    private final double voltageSubstationMinFeeders;
    private final double nestedRestoredShare;
    private final double limiterMaxReconnections;
    private final double limiterWindowHours;
    private final double switchingRiskMeters;
    private final double switchingRiskShare;
    private final SupplyTracker tracker;
    private final CommandLedger ledger;
    private final AlarmCollector alarms;
    private final AlertCodes codes = AlertCodes.gbcs();

    public HandCodedDefaultRules(RuleSet ruleSet) {
        this.ruleSetId = ruleSet.id();
        this.minVolts = ruleSet.threshold("voltage.statutoryMinVolts");
        this.maxVolts = ruleSet.threshold("voltage.statutoryMaxVolts");
        this.consecutiveIntervals = ruleSet.threshold("voltage.consecutiveIntervals");
        this.notifySupplier = ruleSet.threshold("outage.notifySupplier") != 0;
        this.feederMinMeters = ruleSet.threshold("outage.feederMinMeters");
        this.feederMinShare = ruleSet.threshold("outage.feederMinShare");
        this.substationMinFeeders = ruleSet.threshold("outage.substationMinFeeders");
        this.hvFeederMinSubstations = ruleSet.threshold("outage.hvFeederMinSubstations");
        this.hvFeederMinShare = ruleSet.threshold("outage.hvFeederMinShare");
        this.primaryMinHvFeeders = ruleSet.threshold("outage.primaryMinHvFeeders");
        this.primaryMinShare = ruleSet.threshold("outage.primaryMinShare");
        this.commsLossIntervals = ruleSet.threshold("commsLoss.missedIntervals");
        this.voltageAssetMinMeters = ruleSet.threshold("voltage.assetMinMeters");
        this.voltageAssetMinShare = ruleSet.threshold("voltage.assetMinShare");
        this.voltageAlertMinShare = ruleSet.threshold("voltage.alertMinShare");
        this.voltageSubstationMinFeeders = ruleSet.threshold("voltage.substationMinFeeders");
        this.nestedRestoredShare = ruleSet.thresholds().nestedRestoredShare();
        this.limiterMaxReconnections = ruleSet.threshold("supplyControl.limiterMaxReconnections");
        this.limiterWindowHours = ruleSet.threshold("supplyControl.limiterWindowHours");
        this.switchingRiskMeters = ruleSet.threshold("supplyControl.switchingRiskMeters");
        this.switchingRiskShare = ruleSet.threshold("supplyControl.switchingRiskShare");
        this.tracker = SupplyTracker.of(ruleSet);
        this.ledger = CommandLedger.of(ruleSet);
        this.alarms = new AlarmCollector(ruleSetId);
    }

    @Override
    public Evaluation evaluate(MeterRecord record, MeterState state) {
        List<OpenAlarm> open = new ArrayList<>(state == null ? List.of() : state.openAlarms());
        VoltageRun run = state == null ? null : state.voltageRun();
        SupplyTracker.Step clock = tracker.onClock(record.time(), state == null ? null : state.interruption());
        SupplyTracker.Step step = tracker.onRecord(record, clock.open());
        SupplyControl controlBefore = MeterState.controlOf(state);
        CommandLedger.Step due = ledger.onClock(record.time(), controlBefore);
        CommandLedger.Step control = ledger.onRecord(record, due.control());
        List<SupplyEvent> supply = new ArrayList<>(clock.events());
        supply.addAll(step.events());
        // an overdue shown with its own outcome is answered (as the DRL's guard says)
        List<String> answered = control.facts().stream().filter(f -> f instanceof OutcomeFact)
                .map(f -> ((OutcomeFact) f).alarmKey()).toList();
        due.facts().stream().filter(f -> !(f instanceof CommandOverdue c && answered.contains(c.alarmKey())))
                .forEach(fact -> onSupplyControlFact(fact, open));
        if (record.isEvent()) {
            onAlert(new AlertFact(record.event(), codes.lookup(record.event().code()), record.meter(),
                    control.answered()), open);
        } else if (record.read() != null) {
            boolean off = controlBefore != null && controlBefore.offSince(record.read().start());
            ReadFact read = new ReadFact(record.read(), record.meter(), off);
            run = onRead(read, run, open);
            OpenAlarm silent = find(open, COMMS_LOSS_KEY);
            if (silent != null) {
                open.remove(silent);
                alarms.close("Comms restored: reads resumed", silent, read.meter(), read.end())
                        .toSupplier()
                        .detail("resumedWith", read.start().toString());
            }
        }
        control.facts().forEach(fact -> onSupplyControlFact(fact, open));
        supply.forEach(event -> onSupply(event, open));
        open.sort(Comparator.comparing(OpenAlarm::key));
        return Evaluation.of(alarms.drainAll(), MeterState.of(run, open, step.open(), control.control()), supply);
    }

    @Override
    public Evaluation settle(Instant now, MeterState state) {
        SupplyTracker.Step clock = tracker.onClock(now, state == null ? null : state.interruption());
        SupplyControl controlBefore = MeterState.controlOf(state);
        CommandLedger.Step commands = ledger.onClock(now, controlBefore);
        if (clock.events().isEmpty() && commands.facts().isEmpty() && commands.control() == controlBefore) {
            return Evaluation.nothing(state);
        }
        List<OpenAlarm> open = new ArrayList<>(state.openAlarms());
        commands.facts().forEach(fact -> onSupplyControlFact(fact, open));
        clock.events().forEach(event -> onSupply(event, open));
        open.sort(Comparator.comparing(OpenAlarm::key));
        return Evaluation.of(alarms.drainAll(), MeterState.of(state.voltageRun(), open, clock.open(),
                commands.control()), clock.events());
    }

    /** The rules of {@code supply-control.drl}. */
    private void onSupplyControlFact(Object fact, List<OpenAlarm> open) {
        if (fact instanceof CommandOverdue c) {
            if (find(open, c.alarmKey()) == null) {
                String rule = "Command without an outcome in time";
                open.add(AlarmCollector.openAlarm(c.alarmKey(), rule, "COMMAND_UNCONFIRMED", Severity.MAJOR,
                        c.meter(), c.request().actsAt()));
                alarms.raise(rule, "COMMAND_UNCONFIRMED", Severity.MAJOR, c.meter(), c.request().actsAt(), c.due())
                        .toRequester(c.request())
                        .aboutCommand(c.request())
                        .detail("role", c.request().role().name())
                        .detail("overdueFrom", c.due().toString());
            }
        } else if (fact instanceof OutcomeFact r) {
            OpenAlarm unconfirmed = r.known() ? find(open, r.alarmKey()) : null;
            if (unconfirmed != null) {
                open.remove(unconfirmed);
                alarms.close("Late outcome of an unconfirmed command", unconfirmed, r.meter(), r.time())
                        .toRequester(r.request())
                        .aboutCommand(r.request())
                        .detail("outcome", r.outcome());
            }
            if (r.known() && !r.successful() && !r.duplicate() && !r.failedBefore()
                    && r.request().service().critical()) {
                alarms.raise("Supply control command failed", "SUPPLY_CONTROL_FAILURE", Severity.MAJOR, r.meter(),
                                r.request().actsAt(), r.time())
                        .toRequester(r.request())
                        .aboutCommand(r.request())
                        .detail("outcome", r.outcome());
            } else if (!r.known()) {
                alarms.raise("Response to a request never seen", "UNMATCHED_RESPONSE", Severity.WARNING, r.meter(),
                                r.time(), r.time())
                        .toSupplier()
                        .detail("requestId", r.response().requestId())
                        .detail("outcome", r.outcome());
            }
        } else if (fact instanceof LimiterReconnection l && l.reconnectionsInWindow() > limiterMaxReconnections) {
            alarms.raise("Load limiter reconnected more often than allowed", "LIMITER_REPEATED", Severity.MAJOR,
                            l.meter(), l.firstInWindow(), l.time())
                    .toSupplier()
                    .detail("reconnections", l.reconnectionsInWindow())
                    .detail("windowHours", limiterWindowHours)
                    .detail("allowed", limiterMaxReconnections);
        }
    }

    @Override
    public Evaluation silence(Silence silence, MeterState state) {
        List<OpenAlarm> open = new ArrayList<>(state == null ? List.of() : state.openAlarms());
        if (silence.missedIntervals() >= commsLossIntervals && !silence.offSupply()
                && find(open, COMMS_LOSS_KEY) == null) {
            String rule = "Comms loss: a meter stopped reporting";
            open.add(AlarmCollector.openAlarm(COMMS_LOSS_KEY, rule, "COMMS_LOSS", Severity.MINOR, silence.meter(),
                    silence.lastReadEnd()));
            alarms.raise(rule, "COMMS_LOSS", Severity.MINOR, silence.meter(), silence.lastReadEnd(), silence.now())
                    .toSupplier()
                    .detail("lastReadEnd", silence.lastReadEnd().toString())
                    .detail("missedIntervals", silence.missedIntervals());
        }
        open.sort(Comparator.comparing(OpenAlarm::key));
        return Evaluation.of(alarms.drainAll(), MeterState.withOpenAlarms(state, open), List.of());
    }

    @Override
    public Instant nextDeadline(MeterState state) {
        return state == null ? null : Instants.earlier(tracker.confirmationDeadline(state.interruption()),
                ledger.nextDeadline(state.control()));
    }

    @Override
    public List<GroupVerdict> classifyOutages(List<AssetStatus> assets) {
        // Bottom up, so each asset's children have had their verdicts before it is judged by them.
        List<AssetStatus> upwards = assets.stream().sorted(Comparator.comparing(AssetStatus::kind)).toList();
        Map<String, Integer> offChildren = new HashMap<>();
        List<GroupVerdict> verdicts = new ArrayList<>();
        for (AssetStatus asset : upwards) {
            int off = offChildren.getOrDefault(asset.assetId(), 0);
            GroupVerdict verdict = switch (asset.kind()) {
                case LV_FEEDER -> asset.metersOff() >= feederMinMeters && asset.shareOff() >= feederMinShare
                        ? GroupVerdict.of(asset, "Feeder outage", Severity.MAJOR) : null;
                case SECONDARY_SUBSTATION -> off >= substationMinFeeders
                        ? GroupVerdict.of(asset, "Substation outage", Severity.CRITICAL) : null;
                case HV_FEEDER -> off >= hvFeederMinSubstations && off >= hvFeederMinShare * asset.children()
                        ? GroupVerdict.of(asset, "HV feeder outage", Severity.CRITICAL) : null;
                case PRIMARY_SUBSTATION -> off >= primaryMinHvFeeders && off >= primaryMinShare * asset.children()
                        ? GroupVerdict.of(asset, "Primary substation outage", Severity.CRITICAL) : null;
                default -> null;
            };
            if (verdict != null) {
                verdicts.add(verdict);
                if (verdict.parentId() != null) {
                    offChildren.merge(verdict.parentId(), 1, Integer::sum);
                }
            }
        }
        verdicts.sort(Comparator.comparing(GroupVerdict::kind).thenComparing(GroupVerdict::assetId));
        return verdicts;
    }

    @Override
    public List<SwitchingVerdict> classifySwitching(List<SwitchingSpread> assets) {
        List<SwitchingVerdict> verdicts = new ArrayList<>();
        for (SwitchingSpread asset : assets) {
            if (asset.metersSwitched() >= switchingRiskMeters && asset.shareSwitched() >= switchingRiskShare) {
                verdicts.add(SwitchingVerdict.of(asset, asset.disconnections() ? "Mass disconnection below an asset"
                        : "Mass reconnection below an asset", Severity.CRITICAL));
            }
        }
        verdicts.sort(Comparator.comparing(SwitchingVerdict::kind).thenComparing(SwitchingVerdict::assetId));
        return verdicts;
    }

    @Override
    public List<VoltageVerdict> classifyVoltage(List<VoltageSpread> assets) {
        List<VoltageSpread> upwards = assets.stream().sorted(Comparator.comparing(VoltageSpread::kind)).toList();
        Map<String, Integer> outChildren = new HashMap<>();
        List<VoltageVerdict> verdicts = new ArrayList<>();
        for (VoltageSpread asset : upwards) {
            boolean mostOut = asset.shareOutOfRange()
                    >= (asset.fromAlerts() ? voltageAlertMinShare : voltageAssetMinShare);
            VoltageVerdict verdict = switch (asset.kind()) {
                case LV_FEEDER -> mostOut && asset.metersOutOfRange() >= voltageAssetMinMeters
                        ? VoltageVerdict.of(asset, "LV feeder voltage out of range", Severity.MAJOR) : null;
                case SECONDARY_SUBSTATION -> mostOut
                        && outChildren.getOrDefault(asset.assetId(), 0) >= voltageSubstationMinFeeders
                        ? VoltageVerdict.of(asset, "Substation voltage out of range", Severity.MAJOR) : null;
                default -> null;
            };
            if (verdict != null) {
                verdicts.add(verdict);
                if (verdict.parentId() != null) {
                    outChildren.merge(verdict.parentId(), 1, Integer::sum);
                }
            }
        }
        verdicts.sort(Comparator.comparing(VoltageVerdict::kind).thenComparing(VoltageVerdict::assetId));
        return verdicts;
    }

    @Override
    public List<NestedVerdict> classifyNested(List<FeederRecovery> feeders) {
        return feeders.stream().filter(f -> f.metersBack() > nestedRestoredShare * f.meters()
                        || f.substationMetersBack() > nestedRestoredShare * f.substationMeters())
                .map(f -> new NestedVerdict(f.feederId(), "Nested outage"))
                .sorted(Comparator.comparing(NestedVerdict::feederId)).toList();
    }

    private void onSupply(SupplyEvent event, List<OpenAlarm> open) {
        Interruption interruption = event.interruption();
        OpenAlarm outage = find(open, OUTAGE_KEY);
        if (event.change() == SupplyEvent.Change.CONFIRMED && outage == null) {
            String rule = "Confirmed loss of supply at a meter";
            open.add(AlarmCollector.openAlarm(OUTAGE_KEY, rule, "OUTAGE", Severity.MAJOR, event.meter(),
                    interruption.start()));
            AlarmDraft draft = alarms.raise(rule, "OUTAGE", Severity.MAJOR, event.meter(), interruption.start(),
                            event.time())
                    .toNetworkOperator()
                    .detail("confirmedBy", interruption.confirmedBy())
                    .detail("lossEventId", interruption.lossEventId())
                    .detail("feederId", event.meter().feederId())
                    .detail("substationId", event.meter().substationId())
                    .rollUp();
            if (notifySupplier) {
                draft.toSupplier();
            }
        } else if (event.change() == SupplyEvent.Change.RESTORED && outage != null) {
            open.remove(outage);
            AlarmDraft draft = alarms.close("Supply restored at a meter", outage, event.meter(), event.time())
                    .toNetworkOperator()
                    .detail("restoredBy", event.evidence())
                    .detail("endTime", event.time().toString())
                    .detail("customersInterrupted", 1)
                    .detail("customerMinutesLost", event.minutes())
                    .detail("customerSecondsLost", event.seconds())
                    .rollUp();
            if (notifySupplier) {
                draft.toSupplier();
            }
        }
    }

    private VoltageRun onRead(ReadFact read, VoltageRun run, List<OpenAlarm> open) {
        VoltageWatch watch = new VoltageWatch(read.meterId(), run);
        boolean outOfRange = read.lowestVolts() < minVolts || read.highestVolts() > maxVolts;
        if (!read.hasVoltage() || !watch.isNew(read) || (outOfRange && read.switchedOff())) {
            return watch.snapshot();
        }
        if (outOfRange) {
            watch.outOfRange(read);
        } else if (watch.getRunIntervals() > 0) {
            watch.inRange(read);
        } else {
            return null;
        }
        OpenAlarm excursion = find(open, EXTREME_VOLTAGE_KEY);
        if (watch.getRunIntervals() >= consecutiveIntervals && excursion == null) {
            String rule = "Sustained extreme voltage";
            open.add(AlarmCollector.openAlarm(EXTREME_VOLTAGE_KEY, rule, "EXTREME_VOLTAGE", Severity.MAJOR,
                    read.meter(), watch.getRunStart()));
            alarms.raise(rule, "EXTREME_VOLTAGE", Severity.MAJOR, read.meter(), watch.getRunStart(), read.end())
                    .toNetworkOperator()
                    .detail("direction", watch.getHighestVolts() > maxVolts ? "HIGH" : "LOW")
                    .detail("highestVolts", watch.getHighestVolts())
                    .detail("lowestVolts", watch.getLowestVolts())
                    .detail("statutoryMinVolts", minVolts)
                    .detail("statutoryMaxVolts", maxVolts)
                    .detail("consecutiveIntervals", watch.getRunIntervals())
                    .rollUpVoltage();
        } else if (watch.getRunIntervals() == 0 && excursion != null) {
            open.remove(excursion);
            alarms.close("Voltage back inside the statutory range", excursion, read.meter(), read.end())
                    .toNetworkOperator()
                    .detail("normalFrom", read.start().toString())
                    .detail("lowestVolts", read.lowestVolts())
                    .detail("highestVolts", read.highestVolts())
                    .rollUpVoltage();
        }
        return watch.snapshot();
    }

    private void onAlert(AlertFact e, List<OpenAlarm> open) {
        AlertCategory category = e.category();
        switch (category) {
            case VOLTAGE_EXTREME_HIGH, VOLTAGE_EXTREME_LOW ->
                    openVoltageAlert(e, open, "Meter reports extreme over or under voltage", Severity.MAJOR);
            case VOLTAGE_HIGH, VOLTAGE_LOW, VOLTAGE_SWELL, VOLTAGE_SAG -> openVoltageAlert(e, open,
                    "Meter reports average voltage, swell or sag outside its thresholds", Severity.MINOR);
            case VOLTAGE_NORMAL -> {
                if (e.endsCategory() != null) {
                    String prefix = e.voltageAlertKeyPrefix(e.endsCategory());
                    for (OpenAlarm o : List.copyOf(open)) {
                        if (o.key().startsWith(prefix)) {
                            open.remove(o);
                            alarms.close("Meter reports voltage back to normal", o, e.meter(), e.time())
                                    .toNetworkOperator()
                                    .detail("code", e.code())
                                    .detail("description", e.description())
                                    .detail("eventId", e.event().eventId())
                                    .rollUpVoltage();
                        }
                    }
                }
            }
            case SAFETY -> alarms.raise("Safety alert", "SAFETY", Severity.CRITICAL, e.meter(), e.time(), e.time())
                    .toNetworkOperator()
                    .toSupplier()
                    .detail("code", e.code())
                    .detail("description", e.description())
                    .detail("fuel", e.meter().fuel().name())
                    .detail("phase", e.phase())
                    .detail("value", e.event().value())
                    .detail("eventId", e.event().eventId());
            case TAMPER -> supplierAlarm("Tamper alert", "TAMPER", Severity.MAJOR, e);
            default -> onSupplyControl(e, open);
        }
    }

    private void onSupplyControl(AlertFact e, List<OpenAlarm> open) {
        switch (e.code()) {
            case "0x81BD", "0x81C0" ->
                    supplierAlarm("Supply connect or disconnect failure", "SUPPLY_CONTROL_FAILURE", Severity.MAJOR, e)
                            .aboutCommand(e.command());
            case "0x8F01" -> alarms.raise("Import above the load limit", "LOAD_LIMIT_EXCEEDED", Severity.WARNING,
                            e.meter(), e.time(), e.time())
                    .toSupplier()
                    .detail("code", e.code())
                    .detail("description", e.description())
                    .detail("value", e.event().value())
                    .detail("eventId", e.event().eventId());
            case "0x8F33" -> {
                if (find(open, LOAD_LIMIT_KEY) == null) {
                    String rule = "Load limit disabled the supply";
                    open.add(AlarmCollector.openAlarm(LOAD_LIMIT_KEY, rule, "LOAD_LIMIT_TRIP", Severity.MINOR,
                            e.meter(), e.time()));
                    supplierAlarm(rule, "LOAD_LIMIT_TRIP", Severity.MINOR, e);
                }
            }
            case "0x8F34" -> {
                OpenAlarm trip = find(open, LOAD_LIMIT_KEY);
                if (trip != null) {
                    open.remove(trip);
                    alarms.close("Supply enabled again after a load-limit trip", trip, e.meter(), e.time())
                            .toSupplier()
                            .detail("code", e.code())
                            .detail("description", e.description())
                            .detail("eventId", e.event().eventId());
                }
            }
            default -> {
                // Outage, restore and the remaining supply-control codes raise nothing in this rule set.
            }
        }
    }

    private void openVoltageAlert(AlertFact e, List<OpenAlarm> open, String rule, Severity severity) {
        String key = e.voltageAlertKey();
        if (find(open, key) != null) {
            return;
        }
        open.add(AlarmCollector.openAlarm(key, rule, "VOLTAGE_ALERT", severity, e.meter(), e.time()));
        alarms.raise(rule, "VOLTAGE_ALERT", severity, e.meter(), e.time(), e.time())
                .toNetworkOperator()
                .detail("code", e.code())
                .detail("description", e.description())
                .detail("category", e.category().name())
                .detail("phase", e.phase())
                .detail("volts", e.event().value())
                .detail("eventId", e.event().eventId())
                .rollUpVoltage();
    }

    private AlarmDraft supplierAlarm(String rule, String kind, Severity severity, AlertFact e) {
        return alarms.raise(rule, kind, severity, e.meter(), e.time(), e.time())
                .toSupplier()
                .detail("code", e.code())
                .detail("description", e.description())
                .detail("eventId", e.event().eventId());
    }

    private static OpenAlarm find(List<OpenAlarm> open, String key) {
        for (OpenAlarm o : open) {
            if (o.key().equals(key)) {
                return o;
            }
        }
        return null;
    }

    @Override
    public String ruleSetId() {
        return ruleSetId;
    }

    @Override
    public void close() {
        // Nothing to release: no session, no files.
    }
}
