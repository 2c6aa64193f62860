package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.rules.Evaluation;
import io.gridalarm.rules.MeterRules;
import io.gridalarm.rules.MeterState;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.RollUpState;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.fact.Silence;
import io.gridalarm.rules.fact.SupplyEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by network location ({@link io.gridalarm.model.NetworkLocation}), evaluates the rule set on each record
 * with its meter's state from Flink state (one map entry per meter that has something to remember). Records that
 * share one event-time instant are held until that instant is complete and then evaluated in a fixed order
 * ({@link MeterRecord#TIE_ORDER}), re-deliveries of the same record dropped, so that ties arriving in any
 * order give the same alarms. On input sorted by time (a batch replay) an instant is complete when a later record
 * arrives; on a stream, records wait in state until the watermark passes their instant, so records out of order
 * within the watermark's bound are evaluated in time order as in a replay. A record behind the watermark (late)
 * is evaluated at once and counted. Deadlines (a confirmation delay running out) are settled in time order before any
 * later record of the location, or by the watermark in a stream. The rule set is compiled once per JVM and rule
 * set, in {@link #open}.
 */
public final class EvaluateRules extends KeyedBroadcastProcessFunction<String, MeterRecord, ControlMessage, Alarm> {

    private static final long serialVersionUID = 1L;
    /** Accumulator name: interruptions that ended before they were confirmed. */
    public static final String SHORT_INTERRUPTIONS = "short-interruptions";
    /** Accumulator name prefix: how often each rule fired. */
    public static final String RULES_FIRED = "rules-fired.";
    /** Accumulator name: stream records that arrived behind the watermark, evaluated out of time order. */
    public static final String LATE_RECORDS = "late-records";
    /** The rule-set threshold that turns on comms-loss detection (silent meters). */
    static final String COMMS_LOSS_THRESHOLD = "commsLoss.missedIntervals";
    static final String COMMS_LOSS_KIND = "COMMS_LOSS";
    private static final long SILENCE_CHECK_MILLIS = 30 * 60_000L;
    /** The broadcast state holding the input's last event time (bounded runs). */
    public static final MapStateDescriptor<String, Long> INPUT_END =
            new MapStateDescriptor<>("input-end", Types.STRING, Types.LONG);
    private static final String INPUT_END_KEY = "last-event-time";
    /** Rule-set versions published while running, by the event time they apply from (their package JSON). */
    public static final MapStateDescriptor<Long, String> RULE_SETS =
            new MapStateDescriptor<>("rule-sets", Types.LONG, Types.STRING);
    /** What became of each published rule-set version in each subtask: ACTIVE, or REFUSED with the reasons. */
    public static final OutputTag<OutputLine> RULE_SET_STATUS = new OutputTag<>("rule-set-status") {
    };
    /** The output bucket of rule-set status lines. */
    public static final String STATUS_BUCKET = "rule-set-status";
    private static final int MAX_SETTLE_ROUNDS = 100_000;
    /** Contributions to the reliability report (short interruptions, outages, customers and minutes lost). */
    public static final OutputTag<OutputLine> RELIABILITY = new OutputTag<>("reliability") {
    };

    private final String ruleSetDir;
    private final String registryFile;
    private final RuleEngine engine;
    private final boolean inputSortedByTime;
    private transient OutageRollUp rollUp;
    private transient RegistryWatch registry;
    private transient double commsLossIntervals;
    /** Every rule-set version this subtask knows, by the event time it applies from; the base one from MIN_VALUE. */
    private transient java.util.TreeMap<Long, Version> versions;
    private transient Version current;
    private transient boolean versionsRestored;
    private transient MapState<String, ReadClock> readClocks;
    private transient ValueState<Long> nextSilenceCheck;
    private transient ValueState<RollUpState> rollUpState;
    private transient MeterRules rules;
    private transient MapState<String, MeterState> meterStates;
    private transient ListState<MeterRecord> pending;
    private transient ValueState<Long> pendingTime;
    private transient ValueState<Deadlines> deadlines;
    private transient MapState<Long, List<MeterRecord>> awaitingWatermark;
    private transient LongCounter shortInterruptions;
    private transient LongCounter lateRecords;

    /**
     * @param inputSortedByTime true when each key's records arrive in event-time order (a batch replay), false on
     *     a stream, where records wait for the watermark
     */
    public EvaluateRules(String ruleSetDir, String registryFile, RuleEngine engine, boolean inputSortedByTime) {
        if (ruleSetDir == null || ruleSetDir.isBlank()) {
            throw new IllegalArgumentException("Rule evaluation needs the folder of a rule-set version.");
        }
        if (registryFile == null || registryFile.isBlank()) {
            throw new IllegalArgumentException("Rule evaluation needs the registry (for feeder and substation sizes).");
        }
        this.ruleSetDir = ruleSetDir;
        this.registryFile = registryFile;
        this.engine = engine;
        this.inputSortedByTime = inputSortedByTime;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        RuleSet ruleSet = RuleSet.read(Path.of(ruleSetDir));
        registry = new RegistryWatch(registryFile);
        versions = new java.util.TreeMap<>();
        switchTo(version(ruleSet));
        versions.put(Long.MIN_VALUE, current);
        versionsRestored = false;
        readClocks = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("read-clocks", Types.STRING, TypeInformation.of(ReadClock.class)));
        nextSilenceCheck = getRuntimeContext().getState(new ValueStateDescriptor<>("next-silence-check", Types.LONG));
        rollUpState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("outage-roll-up", GridAlarmTypes.ROLL_UP_STATE));
        meterStates = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("meter-states", Types.STRING, TypeInformation.of(MeterState.class)));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("same-instant-records", GridAlarmTypes.METER_RECORD));
        pendingTime = getRuntimeContext().getState(new ValueStateDescriptor<>("same-instant-time", Types.LONG));
        deadlines = getRuntimeContext().getState(
                new ValueStateDescriptor<>("deadlines", TypeInformation.of(Deadlines.class)));
        awaitingWatermark = getRuntimeContext().getMapState(new MapStateDescriptor<>("awaiting-watermark",
                Types.LONG, Types.LIST(GridAlarmTypes.METER_RECORD)));
        shortInterruptions = getRuntimeContext().getLongCounter(SHORT_INTERRUPTIONS);
        lateRecords = getRuntimeContext().getLongCounter(LATE_RECORDS);
    }

    /** One compiled rule-set version with what depends on it. */
    private record Version(MeterRules rules, OutageRollUp rollUp, double commsLossIntervals) {
    }

    private Version version(RuleSet ruleSet) throws Exception {
        MeterRules compiled = engine.create(ruleSet, getRuntimeContext().getUserCodeClassLoader());
        return new Version(compiled, new OutageRollUp(compiled, ruleSet,
                feeder -> registry.current().feederSize(feeder),
                substation -> registry.current().substationSize(substation)),
                ruleSet.thresholds().getOrDefault(COMMS_LOSS_THRESHOLD, Double.NaN));
    }

    private void switchTo(Version version) {
        current = version;
        rules = version.rules();
        rollUp = version.rollUp();
        commsLossIntervals = version.commsLossIntervals();
    }

    /** Evaluates with the version that applies at the event time (the newest one published from before it). */
    private void useVersionAt(long time, ReadOnlyContext ctx) throws Exception {
        if (!versionsRestored) {
            versionsRestored = true;
            // After a restore the published versions are in broadcast state, not yet compiled in this subtask.
            for (java.util.Map.Entry<Long, String> entry : ctx.getBroadcastState(RULE_SETS).immutableEntries()) {
                if (!versions.containsKey(entry.getKey())) {
                    versions.put(entry.getKey(), version(RuleSet.read(unpack(entry.getValue()))));
                }
            }
        }
        Version applies = versions.floorEntry(time).getValue();
        if (applies != current) {
            switchTo(applies);
        }
    }

    private static Path unpack(String json) throws Exception {
        return io.gridalarm.model.Json.mapper().readValue(json, io.gridalarm.rules.RuleSetPackage.class)
                .materialize(Path.of(System.getProperty("java.io.tmpdir"), "gridalarm-rule-sets"));
    }

    @Override
    public void processElement(MeterRecord record, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        long time = ctx.timestamp();
        if (!inputSortedByTime) {
            awaitWatermark(record, time, ctx, out);
            return;
        }
        Long held = pendingTime.value();
        if (held != null && held != time) {
            ctx.timerService().deleteEventTimeTimer(held);
            evaluatePending(held, ctx, out);
            held = null;
        }
        pending.add(record);
        if (held == null) {
            pendingTime.update(time);
            ctx.timerService().registerEventTimeTimer(time);
        }
    }

    private void awaitWatermark(MeterRecord record, long time, ReadOnlyContext ctx, Collector<Alarm> out)
            throws Exception {
        if (time <= ctx.timerService().currentWatermark()) {
            lateRecords.add(1L);
            evaluateInstant(time, new ArrayList<>(List.of(record)), ctx, out);
            return;
        }
        List<MeterRecord> atInstant = awaitingWatermark.get(time);
        if (atInstant == null) {
            atInstant = new ArrayList<>(2);
            ctx.timerService().registerEventTimeTimer(time);
        }
        atInstant.add(record);
        awaitingWatermark.put(time, atInstant);
    }

    /**
     * A timer fires for held records or for a deadline. In a live stream a deadline is settled when the
     * watermark passes it. At the end of a bounded input the watermark jumps to its maximum (and in a batch run
     * a key's timers fire only after its last record, while timers set then never fire), so there the clock is
     * the input's last event time from the broadcast input: every deadline up to it is settled, none after it.
     * The end of the input is not a silence.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alarm> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        boolean endOfInput = watermark == Long.MAX_VALUE;
        Long held = pendingTime.value();
        List<MeterRecord> awaiting = inputSortedByTime ? null : awaitingWatermark.get(timestamp);
        if (awaiting != null) {
            awaitingWatermark.remove(timestamp);
            evaluateInstant(timestamp, awaiting, ctx, out);
        } else if (held != null && held == timestamp) {
            evaluatePending(timestamp, ctx, out);
        } else if (!endOfInput && watermark >= timestamp) {
            settleUpTo(timestamp, ctx, out);
        }
        if (endOfInput) {
            settleAllUpTo(inputEnd(ctx), ctx, out);
        }
    }

    /** Settles deadlines up to the instant, including those that settling itself sets (a grouping window). */
    private void settleAllUpTo(long end, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            Deadlines waiting = deadlines.value();
            Instant release = rollUp.nextRelease(rollUpState.value());
            long next = Math.min(waiting == null ? Long.MAX_VALUE : waiting.entries().get(0).time(),
                    release == null ? Long.MAX_VALUE : release.toEpochMilli());
            if (next > end) {
                return;
            }
            settleUpTo(next, ctx, out);
        }
        throw new IllegalStateException("Deadlines of " + ctx.getCurrentKey() + " keep renewing themselves before "
                + Instant.ofEpochMilli(end) + ".");
    }

    /**
     * Remembers the latest event time of the whole input, as far as it is known; or compiles a rule-set version
     * published to the running job. A version that compiles applies to every record and deadline from its
     * {@code effectiveFrom} event time on, in every subtask alike; one that does not is refused and the versions
     * before it stay in use. Either way a status line says so. State (open alarms, outages) is kept across versions.
     */
    @Override
    public void processBroadcastElement(ControlMessage control, Context ctx, Collector<Alarm> out) throws Exception {
        if (control.lastEventTime() != null) {
            BroadcastState<String, Long> end = ctx.getBroadcastState(INPUT_END);
            Long known = end.get(INPUT_END_KEY);
            if (known == null || control.lastEventTime() > known) {
                end.put(INPUT_END_KEY, control.lastEventTime());
            }
            return;
        }
        String id = "unknown";
        Long from = null;
        try {
            io.gridalarm.rules.RuleSetPackage pack = io.gridalarm.model.Json.mapper()
                    .readValue(control.ruleSetJson(), io.gridalarm.rules.RuleSetPackage.class);
            id = pack.id();
            from = pack.effectiveFrom().toEpochMilli();
            Path dir = pack.materialize(Path.of(System.getProperty("java.io.tmpdir"), "gridalarm-rule-sets"));
            Version compiled;
            try {
                compiled = version(RuleSet.read(dir));
            } catch (io.gridalarm.rules.RuleSetException e) {
                String base = dir.toString() + java.io.File.separator;
                status(ctx, id, from, "REFUSED", e.problems().stream().map(p -> p.replace(base, "")).toList());
                return;
            }
            Version replaced = versions.put(from, compiled);
            if (replaced != null && replaced != current) {
                replaced.rules().close();
            }
            ctx.getBroadcastState(RULE_SETS).put(from, control.ruleSetJson());
            status(ctx, id, from, "ACTIVE", List.of());
        } catch (java.io.IOException | RuntimeException e) {
            status(ctx, id, from, "REFUSED", List.of(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** One status line of a published version, per subtask. */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"ruleSet", "effectiveFrom", "status", "subtask", "problems"})
    public record RuleSetStatus(String ruleSet, Instant effectiveFrom, String status, int subtask,
                                List<String> problems) {
    }

    private void status(Context ctx, String id, Long from, String status, List<String> problems) {
        RuleSetStatus line = new RuleSetStatus(id, from == null ? null : Instant.ofEpochMilli(from), status,
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), problems);
        ctx.output(RULE_SET_STATUS, new OutputLine(STATUS_BUCKET, id + "|" + line.subtask(), status,
                io.gridalarm.model.Json.line(line)));
    }

    private static long inputEnd(ReadOnlyContext ctx) throws Exception {
        ReadOnlyBroadcastState<String, Long> end = ctx.getBroadcastState(INPUT_END);
        Long known = end.get(INPUT_END_KEY);
        return known == null ? Long.MIN_VALUE : known;
    }

    private void evaluatePending(long time, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        List<MeterRecord> records = new ArrayList<>(2);
        pending.get().forEach(records::add);
        evaluateInstant(time, records, ctx, out);
        pending.clear();
        pendingTime.clear();
    }

    /** Settles what fell due before the instant, then evaluates its records in the fixed tie order. */
    private void evaluateInstant(long time, List<MeterRecord> records, ReadOnlyContext ctx, Collector<Alarm> out)
            throws Exception {
        settleUpTo(time, ctx, out);
        useVersionAt(time, ctx);
        if (records.size() > 1) {
            records.sort(MeterRecord.TIE_ORDER);
        }
        MeterRecord previous = null;
        for (MeterRecord record : records) {
            if (previous != null && MeterRecord.TIE_ORDER.compare(record, previous) == 0) {
                continue;
            }
            previous = record;
            LocalProgress.recordEvaluated();
            String meterId = record.meterId();
            MeterState before = meterStates.get(meterId);
            apply(meterId, before, rules.evaluate(record, before), ctx, out);
            if (!record.isEvent()) {
                ReadClock clock = readClocks.get(meterId);
                long end = record.read().end().toEpochMilli();
                if (clock == null || end > clock.lastReadEndMillis()) {
                    readClocks.put(meterId, new ReadClock(end, record.read().minutes()));
                }
            }
        }
        checkSilence(time, ctx, out);
    }

    /**
     * Settles, in order, every deadline of this location at or before the instant: meters' confirmation delays,
     * then the grouping windows of held outage alarms.
     */
    private void settleUpTo(long time, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        Deadlines waiting = deadlines.value();
        if (waiting != null && !waiting.dueBy(time).isEmpty()) {
            deadlines.update(waiting.after(time));
            for (Deadlines.Deadline due : waiting.dueBy(time)) {
                useVersionAt(due.time(), ctx);
                MeterState state = meterStates.get(due.meterId());
                if (state != null) {
                    apply(due.meterId(), state, rules.settle(Instant.ofEpochMilli(due.time()), state), ctx, out);
                }
            }
        }
        RollUpState outages = rollUpState.value();
        Instant release;
        while ((release = rollUp.nextRelease(outages)) != null && release.toEpochMilli() <= time) {
            useVersionAt(release.toEpochMilli(), ctx);
            outages = keep(rollUp.release(outages, release), ctx, out);
        }
    }

    /**
     * Every half hour of the location's own event time, meters whose reads stopped for the rule set's
     * {@code commsLoss.missedIntervals} are shown to the rules as a {@link Silence}. Only the location's own
     * records move this clock, so the end of an input never reads as a fleet-wide silence.
     */
    private void checkSilence(long time, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        useVersionAt(time, ctx);
        Long due = nextSilenceCheck.value();
        if (Double.isNaN(commsLossIntervals) || (due != null && time < due)) {
            return;
        }
        if (readClocks.isEmpty()) {
            nextSilenceCheck.clear();
            return;
        }
        nextSilenceCheck.update(time + SILENCE_CHECK_MILLIS);
        RollUpState outages = rollUpState.value();
        List<java.util.Map.Entry<String, ReadClock>> clocks = new ArrayList<>();
        readClocks.entries().forEach(clocks::add);
        clocks.sort(java.util.Map.Entry.comparingByKey());
        for (java.util.Map.Entry<String, ReadClock> entry : clocks) {
            ReadClock clock = entry.getValue();
            long missed = (time - clock.lastReadEndMillis()) / (clock.minutes() * 60_000L);
            if (missed < commsLossIntervals) {
                continue;
            }
            String meterId = entry.getKey();
            MeterState state = meterStates.get(meterId);
            boolean alreadyOpen = state != null && state.openAlarms().stream()
                    .anyMatch(a -> a.kind().equals(COMMS_LOSS_KIND));
            io.gridalarm.model.RegistryRow row = registry.current().rowAt(meterId, Instant.ofEpochMilli(time));
            if (alreadyOpen || row == null) {
                continue;
            }
            boolean offSupply = (state != null && state.interruption() != null) || OutageRollUp.isOff(outages, meterId);
            Silence silence = new Silence(row, Instant.ofEpochMilli(clock.lastReadEndMillis()),
                    Instant.ofEpochMilli(time), missed, offSupply);
            apply(meterId, state, rules.silence(silence, state), ctx, out);
        }
    }

    /** Stores the roll-up's new state, asks for a timer at its next release, and sends what it emitted. */
    private RollUpState keep(OutageRollUp.Result result, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        if (result.state() == null) {
            rollUpState.clear();
        } else {
            rollUpState.update(result.state());
            Instant next = rollUp.nextRelease(result.state());
            if (next != null) {
                ctx.timerService().registerEventTimeTimer(next.toEpochMilli());
            }
        }
        for (Alarm alarm : result.emitted()) {
            send(alarm, ctx, out);
        }
        return result.state();
    }

    private void apply(String meterId, MeterState before, Evaluation evaluation, ReadOnlyContext ctx,
                       Collector<Alarm> out) throws Exception {
        MeterState state = evaluation.state();
        if (before != null && before.interruption() != null && (state == null || state.interruption() == null)) {
            // Supply is back: a confirmation deadline still waiting for this meter has nothing left to decide.
            Deadlines waiting = deadlines.value();
            if (waiting != null) {
                deadlines.update(waiting.without(meterId));
            }
        }
        if (state == null) {
            if (before != null) {
                meterStates.remove(meterId);
            }
        } else if (!state.equals(before)) {
            meterStates.put(meterId, state);
            Instant next = rules.nextDeadline(state);
            if (next != null) {
                Deadlines waiting = deadlines.value();
                Deadlines.Deadline deadline = new Deadlines.Deadline(next.toEpochMilli(), meterId);
                deadlines.update(waiting == null ? new Deadlines(List.of(deadline)) : waiting.with(deadline));
                ctx.timerService().registerEventTimeTimer(deadline.time());
            }
        }
        for (SupplyEvent event : evaluation.supplyEvents()) {
            if (event.change() == SupplyEvent.Change.SHORT_INTERRUPTION) {
                shortInterruptions.add(1L);
            }
            ReliabilityFigures.of(event).forEach(line -> ctx.output(RELIABILITY, line));
            if (event.change() == SupplyEvent.Change.RESTORED || event.change() == SupplyEvent.Change.SHORT_INTERRUPTION) {
                restartReadClock(meterId, event.time().toEpochMilli());
            }
        }
        for (Alarm alarm : evaluation.alarms()) {
            if (OutageRollUp.handles(alarm)) {
                keep(rollUp.accept(rollUpState.value(), alarm), ctx, out);
            } else {
                send(alarm, ctx, out);
            }
        }
    }

    /** A meter back on supply sent no reads while it was off: its silence is counted from its restoration. */
    private void restartReadClock(String meterId, long restoredMillis) throws Exception {
        ReadClock clock = readClocks.get(meterId);
        if (clock != null && clock.lastReadEndMillis() < restoredMillis) {
            readClocks.put(meterId, new ReadClock(restoredMillis, clock.minutes()));
        }
    }

    /** Sends an alarm on, with its contribution to the reliability figures. */
    private static void send(Alarm alarm, ReadOnlyContext ctx, Collector<Alarm> out) {
        out.collect(alarm);
        ReliabilityFigures.of(alarm).forEach(line -> ctx.output(RELIABILITY, line));
    }

    @Override
    public void close() throws Exception {
        if (versions != null) {
            for (Version version : versions.values()) {
                // Counted at the end so that firing stays free of accumulator calls.
                version.rules().firedRules().forEach((rule, count) ->
                        getRuntimeContext().getLongCounter(RULES_FIRED + rule).add(count));
                version.rules().close();
            }
        }
    }
}
