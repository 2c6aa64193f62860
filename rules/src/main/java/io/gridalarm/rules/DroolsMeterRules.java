package io.gridalarm.rules;

import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.rules.fact.AlertFact;
import io.gridalarm.rules.fact.AssetStatus;
import io.gridalarm.rules.fact.FeederRecovery;
import io.gridalarm.rules.fact.GroupVerdict;
import io.gridalarm.rules.fact.Interruption;
import io.gridalarm.rules.fact.NestedVerdict;
import io.gridalarm.rules.fact.OpenAlarm;
import io.gridalarm.rules.fact.ReadFact;
import io.gridalarm.rules.fact.Silence;
import io.gridalarm.rules.fact.SupplyEvent;
import io.gridalarm.rules.fact.SwitchingSpread;
import io.gridalarm.rules.fact.SwitchingVerdict;
import io.gridalarm.rules.fact.Threshold;
import io.gridalarm.rules.fact.VoltageSpread;
import io.gridalarm.rules.fact.VoltageVerdict;
import io.gridalarm.rules.fact.VoltageWatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * A rule set's DRL (compiled by {@link KieBases}) in one long-lived KieSession. Thresholds stay in the session as
 * facts; each record inserts its own facts (the record, the meter's voltage watch and open alarms), fires, and
 * deletes them again.
 */
public final class DroolsMeterRules implements MeterRules {

    /** More firings than this for one record means a rule keeps re-activating itself. */
    static final int MAX_FIRINGS_PER_RECORD = 1000;

    private final String ruleSetId;
    private final KieSession session;
    /** How often each rule fired, for a replay's summary and scenario coverage. */
    private final Map<String, long[]> fired = new HashMap<>();
    private final AlarmCollector collector;
    private final AlertCodes codes = AlertCodes.gbcs();
    private final SupplyTracker tracker;
    private final CommandLedger ledger;
    /** The facts inserted for the current record, by this class or through the collector. */
    private final List<FactHandle> handles = new ArrayList<>();
    private final int thresholdCount;

    private DroolsMeterRules(RuleSet ruleSet, KieBase kieBase) {
        this.ruleSetId = ruleSet.id();
        this.collector = new AlarmCollector(ruleSetId);
        this.session = kieBase.newKieSession();
        session.setGlobal("alarms", collector);
        collector.onInsert(handles::add);
        ruleSet.thresholds().values().forEach((name, value) -> session.insert(new Threshold(name, value)));
        this.thresholdCount = ruleSet.thresholds().values().size();
        this.tracker = SupplyTracker.of(ruleSet);
        this.ledger = CommandLedger.of(ruleSet);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.computeIfAbsent(event.getMatch().getRule().getName(), name -> new long[1])[0]++;
            }
        });
    }

    @Override
    public Map<String, Long> firedRules() {
        Map<String, Long> counts = new TreeMap<>();
        fired.forEach((name, count) -> counts.put(name, count[0]));
        return counts;
    }

    /** Compiles the rule set's DRL, refusing it with every error as {@code file:line: reason}. */
    public static DroolsMeterRules compile(RuleSet ruleSet, ClassLoader classLoader) throws RuleSetException {
        return new DroolsMeterRules(ruleSet, KieBases.compiled(ruleSet, classLoader));
    }

    /** Reads and compiles the rule set in a folder. */
    public static DroolsMeterRules load(Path directory) throws RuleSetException {
        return compile(RuleSet.read(directory), DroolsMeterRules.class.getClassLoader());
    }

    @Override
    public Evaluation evaluate(MeterRecord record, MeterState state) {
        Interruption before = state == null ? null : state.interruption();
        SupplyTracker.Step clock = tracker.onClock(record.time(), before);
        SupplyTracker.Step step = tracker.onRecord(record, clock.open());
        SupplyControl controlBefore = MeterState.controlOf(state);
        CommandLedger.Step due = ledger.onClock(record.time(), controlBefore);
        CommandLedger.Step control = ledger.onRecord(record, due.control());
        List<SupplyEvent> supply = new ArrayList<>(clock.events());
        supply.addAll(step.events());
        handles.clear();
        VoltageWatch watch = null;
        if (record.isEvent()) {
            handles.add(session.insert(new AlertFact(record.event(), codes.lookup(record.event().code()),
                    record.meter(), control.answered())));
        } else if (record.read() != null) {
            boolean off = controlBefore != null && controlBefore.offSince(record.read().start());
            handles.add(session.insert(new ReadFact(record.read(), record.meter(), off)));
            if (record.read().hasVoltage()) {
                watch = new VoltageWatch(record.meterId(), state == null ? null : state.voltageRun());
                handles.add(session.insert(watch));
            }
        }
        insertAll(due.facts());
        insertAll(control.facts());
        List<OpenAlarm> open = fire(record, state, supply);
        VoltageRun run = watch != null ? watch.snapshot() : state == null ? null : state.voltageRun();
        return Evaluation.of(collector.drainAll(), MeterState.of(run, open, step.open(), control.control()), supply);
    }

    @Override
    public Evaluation settle(Instant now, MeterState state) {
        SupplyTracker.Step clock = tracker.onClock(now, state == null ? null : state.interruption());
        SupplyControl controlBefore = MeterState.controlOf(state);
        CommandLedger.Step commands = ledger.onClock(now, controlBefore);
        if (clock.events().isEmpty() && commands.facts().isEmpty() && commands.control() == controlBefore) {
            return Evaluation.nothing(state);
        }
        handles.clear();
        insertAll(commands.facts());
        List<OpenAlarm> open = fire("the clock at " + now, state, clock.events());
        return Evaluation.of(collector.drainAll(), MeterState.of(state.voltageRun(), open, clock.open(),
                commands.control()), clock.events());
    }

    private void insertAll(List<Object> facts) {
        for (Object fact : facts) {
            handles.add(session.insert(fact));
        }
    }

    @Override
    public Evaluation silence(Silence silence, MeterState state) {
        handles.clear();
        handles.add(session.insert(silence));
        List<OpenAlarm> open = fire(silence, state, List.of());
        return Evaluation.of(collector.drainAll(), MeterState.withOpenAlarms(state, open), List.of());
    }

    @Override
    public Instant nextDeadline(MeterState state) {
        return state == null ? null : Instants.earlier(tracker.confirmationDeadline(state.interruption()),
                ledger.nextDeadline(state.control()));
    }

    @Override
    public List<GroupVerdict> classifyOutages(List<AssetStatus> assets) {
        List<GroupVerdict> verdicts = findings(assets, GroupVerdict.class);
        verdicts.sort(Comparator.comparing(GroupVerdict::kind).thenComparing(GroupVerdict::assetId));
        return verdicts;
    }

    @Override
    public List<VoltageVerdict> classifyVoltage(List<VoltageSpread> assets) {
        List<VoltageVerdict> verdicts = findings(assets, VoltageVerdict.class);
        verdicts.sort(Comparator.comparing(VoltageVerdict::kind).thenComparing(VoltageVerdict::assetId));
        return verdicts;
    }

    @Override
    public List<SwitchingVerdict> classifySwitching(List<SwitchingSpread> assets) {
        List<SwitchingVerdict> verdicts = findings(assets, SwitchingVerdict.class);
        verdicts.sort(Comparator.comparing(SwitchingVerdict::kind).thenComparing(SwitchingVerdict::assetId));
        return verdicts;
    }

    @Override
    public List<NestedVerdict> classifyNested(List<FeederRecovery> feeders) {
        List<NestedVerdict> verdicts = findings(feeders, NestedVerdict.class);
        verdicts.sort(Comparator.comparing(NestedVerdict::feederId));
        return verdicts;
    }

    /** Inserts the facts, fires, and returns the findings of the given type the rules inserted. */
    private <T> List<T> findings(List<?> facts, Class<T> type) {
        for (Object fact : facts) {
            session.insert(fact);
        }
        try {
            session.fireAllRules(MAX_FIRINGS_PER_RECORD + 1);
            List<T> found = new ArrayList<>();
            for (Object fact : session.getObjects(type::isInstance)) {
                found.add(type.cast(fact));
            }
            return found;
        } finally {
            removeAllButThresholds();
            collector.drain();
        }
    }

    /**
     * Inserts the supply events and open alarms beside the facts already inserted, fires, and returns the alarms
     * left open; afterwards working memory holds the thresholds alone.
     */
    private List<OpenAlarm> fire(Object subject, MeterState state, List<SupplyEvent> supply) {
        for (SupplyEvent event : supply) {
            handles.add(session.insert(event));
        }
        if (state != null) {
            for (OpenAlarm open : state.openAlarms()) {
                handles.add(session.insert(open));
            }
        }
        int fired;
        try {
            fired = session.fireAllRules(MAX_FIRINGS_PER_RECORD + 1);
        } catch (RuntimeException e) {
            removeAllButThresholds();
            collector.drain();
            throw new IllegalStateException("Rule set " + ruleSetId + " failed on " + subject + ": "
                    + e.getMessage(), e);
        }
        if (fired > MAX_FIRINGS_PER_RECORD) {
            removeAllButThresholds();
            collector.drain();
            throw new IllegalStateException("Rule set " + ruleSetId + " fired more than " + MAX_FIRINGS_PER_RECORD
                    + " rules for " + subject + ": a rule keeps re-activating itself; guard it or mark it no-loop.");
        }
        List<OpenAlarm> open = new ArrayList<>();
        int live = 0;
        for (FactHandle handle : handles) {
            Object fact = session.getObject(handle);
            if (fact != null) {
                live++;
                if (fact instanceof OpenAlarm alarm) {
                    open.add(alarm);
                }
            }
        }
        if (session.getFactCount() == thresholdCount + live) {
            for (FactHandle handle : handles) {
                session.delete(handle);
            }
        } else {
            // Rules inserted or deleted facts of their own: fall back to a full scan of working memory.
            open.clear();
            for (Object fact : session.getObjects(f -> f instanceof OpenAlarm)) {
                open.add((OpenAlarm) fact);
            }
            removeAllButThresholds();
        }
        open.sort(Comparator.comparing(OpenAlarm::key));
        return open;
    }

    /** Deletes every fact but the thresholds, so the next record starts from its own facts alone. */
    private void removeAllButThresholds() {
        for (FactHandle handle : new ArrayList<FactHandle>(session.getFactHandles(f -> !(f instanceof Threshold)))) {
            session.delete(handle);
        }
    }

    @Override
    public String ruleSetId() {
        return ruleSetId;
    }

    /** The number of rules compiled, over all packages. */
    public int ruleCount() {
        return session.getKieBase().getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    }

    @Override
    public void close() {
        session.dispose();
    }
}
