package io.gridalarm.rules;

import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.rules.fact.AlertFact;
import io.gridalarm.rules.fact.FeederStatus;
import io.gridalarm.rules.fact.GroupVerdict;
import io.gridalarm.rules.fact.Silence;
import io.gridalarm.rules.fact.SubstationStatus;
import io.gridalarm.rules.fact.Interruption;
import io.gridalarm.rules.fact.SupplyEvent;
import io.gridalarm.rules.fact.OpenAlarm;
import io.gridalarm.rules.fact.ReadFact;
import io.gridalarm.rules.fact.Threshold;
import io.gridalarm.rules.fact.VoltageWatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * A rule set's DRL compiled into one long-lived KieSession. Thresholds stay in the session as facts; each record
 * inserts its own facts (the record, the meter's voltage watch and open alarms), fires, and deletes them again.
 */
public final class DroolsMeterRules implements MeterRules {

    /** More firings than this for one record means a rule keeps re-activating itself. */
    static final int MAX_FIRINGS_PER_RECORD = 1000;
    private static final String RESOURCE_ROOT = "src/main/resources/";
    private static final int CACHED_KIE_BASES = 8;
    private static final Map<String, KieBase> COMPILED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KieBase> eldest) {
            return size() > CACHED_KIE_BASES;
        }
    };
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;?");

    private final String ruleSetId;
    private final KieSession session;
    /** How often each rule fired, for a replay's summary and scenario coverage. */
    private final Map<String, long[]> fired = new java.util.HashMap<>();
    private final AlarmCollector collector;
    private final AlertCodes codes = AlertCodes.gbcs();
    private final SupplyTracker tracker;
    /** The facts inserted for the current record, by this class or through the collector. */
    private final List<FactHandle> handles = new ArrayList<>();
    private final int thresholdCount;

    private DroolsMeterRules(RuleSet ruleSet, KieBase kieBase) {
        this.ruleSetId = ruleSet.id();
        this.collector = new AlarmCollector(ruleSetId);
        this.session = kieBase.newKieSession();
        session.setGlobal("alarms", collector);
        collector.onInsert(handles::add);
        ruleSet.thresholds().forEach((name, value) -> session.insert(new Threshold(name, value)));
        this.thresholdCount = ruleSet.thresholds().size();
        this.tracker = SupplyTracker.of(ruleSet);
        session.addEventListener(new org.kie.api.event.rule.DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent event) {
                fired.computeIfAbsent(event.getMatch().getRule().getName(), name -> new long[1])[0]++;
            }
        });
    }

    @Override
    public Map<String, Long> firedRules() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        fired.forEach((name, count) -> counts.put(name, count[0]));
        return counts;
    }

    /** Compiles the rule set's DRL, refusing it with every error as {@code file:line: reason}. */
    public static DroolsMeterRules compile(RuleSet ruleSet, ClassLoader classLoader) throws RuleSetException {
        return new DroolsMeterRules(ruleSet, kieBase(ruleSet, classLoader));
    }

    /** Reads and compiles the rule set in a folder. */
    public static DroolsMeterRules load(Path directory) throws RuleSetException {
        return compile(RuleSet.read(directory), DroolsMeterRules.class.getClassLoader());
    }

    /**
     * The compiled KieBase of a rule set, shared by every operator instance in this JVM that asks for the same
     * files with the same class loader, so parallel subtasks in one TaskManager pay for one build. Builds are
     * serialised because Drools keeps JVM-wide compiler caches that are not documented as safe for concurrent use.
     */
    static KieBase kieBase(RuleSet ruleSet, ClassLoader classLoader) throws RuleSetException {
        String key = fingerprint(ruleSet) + "@" + System.identityHashCode(classLoader);
        synchronized (COMPILED) {
            KieBase cached = COMPILED.get(key);
            if (cached == null) {
                cached = build(ruleSet, classLoader);
                COMPILED.put(key, cached);
            }
            return cached;
        }
    }

    /** The rule set's identity by content: folder, every DRL text and the thresholds. */
    private static String fingerprint(RuleSet ruleSet) throws RuleSetException {
        StringBuilder content = new StringBuilder(ruleSet.directory().toString()).append('\n');
        ruleSet.thresholds().forEach((name, value) -> content.append(name).append('=').append(value).append('\n'));
        for (Path drl : ruleSet.drlFiles()) {
            try {
                content.append(drl).append('\n').append(Files.readString(drl, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RuleSetException(List.of(drl + ": unreadable: " + e.getMessage()));
            }
        }
        ruleSet.decisionTableDrl().forEach((table, text) -> content.append(table).append('\n').append(text));
        return UUID.nameUUIDFromBytes(content.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static KieBase build(RuleSet ruleSet, ClassLoader classLoader) throws RuleSetException {
        KieServices services = KieServices.get();
        KieFileSystem files = services.newKieFileSystem();
        // A release id of its own per build: concurrent builds in one JVM would otherwise share the default one.
        ReleaseId releaseId = services.newReleaseId("io.gridalarm.rulesets", ruleSet.name(),
                "0.0.0-" + UUID.randomUUID());
        files.generateAndWritePomXML(releaseId);
        List<String> problems = new ArrayList<>();
        for (Path drl : ruleSet.drlFiles()) {
            try {
                String text = Files.readString(drl, StandardCharsets.UTF_8);
                Matcher pkg = PACKAGE.matcher(text);
                // Drools expects a file's folder to match its package; only the file name matters to us.
                String folder = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
                files.write(RESOURCE_ROOT + folder + drl.getFileName(), text);
            } catch (IOException e) {
                problems.add(drl + ": unreadable: " + e.getMessage());
            }
        }
        Map<String, Path> generatedNames = new java.util.HashMap<>();
        ruleSet.decisionTableDrl().forEach((table, text) -> {
            Matcher pkg = PACKAGE.matcher(text);
            String folder = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
            String name = table.getFileName() + ".drl";
            generatedNames.put(name, table);
            files.write(RESOURCE_ROOT + folder + name, text);
        });
        if (!problems.isEmpty()) {
            throw new RuleSetException(problems);
        }
        KieBuilder builder = services.newKieBuilder(files, classLoader).buildAll();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            String path = message.getPath() == null ? "" : message.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            Path table = generatedNames.get(name);
            String file = path.isEmpty() ? ruleSet.directory().toString()
                    : table != null ? table + " (generated DRL)" : ruleSet.directory().resolve(name).toString();
            problems.add(file + ":" + Math.max(message.getLine(), 0) + ": " + oneLine(message.getText()));
        }
        if (!problems.isEmpty()) {
            throw new RuleSetException(problems);
        }
        try {
            return services.newKieContainer(releaseId, classLoader).getKieBase();
        } finally {
            services.getRepository().removeKieModule(releaseId);
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    @Override
    public Evaluation evaluate(MeterRecord record, MeterState state) {
        Interruption before = state == null ? null : state.interruption();
        SupplyTracker.Step clock = tracker.onClock(record.time(), before);
        SupplyTracker.Step step = tracker.onRecord(record, clock.open());
        List<SupplyEvent> supply = new ArrayList<>(clock.events());
        supply.addAll(step.events());
        handles.clear();
        VoltageWatch watch = null;
        if (record.isEvent()) {
            handles.add(session.insert(new AlertFact(record.event(), codes.lookup(record.event().code()),
                    record.meter())));
        } else {
            handles.add(session.insert(new ReadFact(record.read(), record.meter())));
            if (record.read().hasVoltage()) {
                watch = new VoltageWatch(record.meterId(), state == null ? null : state.voltageRun());
                handles.add(session.insert(watch));
            }
        }
        List<OpenAlarm> open = fire(record, state, supply);
        VoltageRun run = watch != null ? watch.snapshot() : state == null ? null : state.voltageRun();
        return new Evaluation(collector.drain(), MeterState.of(run, open, step.open()), supply);
    }

    @Override
    public Evaluation settle(Instant now, MeterState state) {
        SupplyTracker.Step clock = tracker.onClock(now, state == null ? null : state.interruption());
        if (clock.events().isEmpty()) {
            return new Evaluation(List.of(), state, List.of());
        }
        handles.clear();
        List<OpenAlarm> open = fire("the clock at " + now, state, clock.events());
        return new Evaluation(collector.drain(), MeterState.of(state.voltageRun(), open, clock.open()),
                clock.events());
    }

    @Override
    public Evaluation silence(Silence silence, MeterState state) {
        handles.clear();
        handles.add(session.insert(silence));
        List<OpenAlarm> open = fire(silence, state, List.of());
        return new Evaluation(collector.drain(), MeterState.withOpenAlarms(state, open), List.of());
    }

    @Override
    public Instant nextDeadline(MeterState state) {
        return state == null ? null : tracker.confirmationDeadline(state.interruption());
    }

    @Override
    public List<GroupVerdict> classifyOutages(List<FeederStatus> feeders, SubstationStatus substation) {
        for (FeederStatus feeder : feeders) {
            session.insert(feeder);
        }
        if (substation != null) {
            session.insert(substation);
        }
        try {
            session.fireAllRules(MAX_FIRINGS_PER_RECORD + 1);
            List<GroupVerdict> verdicts = new ArrayList<>();
            for (Object fact : session.getObjects(f -> f instanceof GroupVerdict)) {
                verdicts.add((GroupVerdict) fact);
            }
            verdicts.sort(Comparator.comparing(GroupVerdict::level).thenComparing(GroupVerdict::id));
            return verdicts;
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
