package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.SupplyState;
import io.gridalarm.model.SwitchPosition;
import io.gridalarm.rules.Evaluation;
import io.gridalarm.rules.MeterAlarm;
import io.gridalarm.rules.MeterState;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.RollUpState;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.SwitchingState;
import io.gridalarm.rules.SwitchingWatch;
import io.gridalarm.rules.Thresholds;
import io.gridalarm.rules.VoltageRollUp;
import io.gridalarm.rules.VoltageRollUpState;
import io.gridalarm.rules.fact.Silence;
import io.gridalarm.rules.fact.SupplyEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by network location ({@link io.gridalarm.model.NetworkLocation}), evaluates the rule set on each record
 * with its meter's state from Flink state (one map entry per meter that has something to remember). This class
 * coordinates; each concern has a part of its own: {@link InstantBuffer} orders a location's alerts in event time,
 * {@link DeadlineQueue} keeps confirmation delays, {@link RuleSetVersions} the compiled versions (published ones
 * from their event time), {@link SilenceWatch} notices meters whose reads stopped, {@link SupplyHistory} keeps the
 * outages late reads are judged against, {@link RollUpKeeper} keeps the outage roll-up and the voltage roll-up
 * (on a stream, they and the deadlines are {@link HeldState held} in memory between checkpoints by
 * {@link EvaluateRulesOperator}),
 * {@link ReliabilityFigures} turns outages into the regulator's figures, and {@link LocationRegistry} keeps the
 * location's part of the registry (its meters' histories, fed by {@link MatchRegistry}), from which each alarm's
 * recipients are checked by {@link io.gridalarm.model.AccessControl} at the alarm's time before it leaves, as
 * {@link #ROUTED} lines, and to whom each meter's changed supply state goes ({@link #SUPPLY_STATE} lines).
 *
 * <p>Two clocks. Alerts arrive within seconds and reads in the next day's batch, so in a stream the operator's
 * watermark is the alerts' alone: it orders alerts and settles deadlines, and reads never hold it back. Reads
 * arrive already in time order per location ({@link OrderReads}, on the reads' own watermark) and are evaluated
 * as they come, against the outages known at their own time. In a replay, where every input is sorted by time,
 * an instant's alerts are evaluated before its reads, as a stream with late reads would.
 */
public final class EvaluateRules extends KeyedBroadcastProcessFunction<String, MeterRecord, ControlMessage, Alarm> {

    private static final long serialVersionUID = 1L;
    /** Accumulator name: interruptions that ended before they were confirmed. */
    public static final String SHORT_INTERRUPTIONS = "short-interruptions";
    /** Accumulator name prefix: how often each rule fired. */
    public static final String RULES_FIRED = "rules-fired.";
    /** Accumulator name: stream records that arrived behind the watermark, evaluated out of time order. */
    public static final String LATE_RECORDS = "late-records";
    /** The broadcast state holding the input's last event time (bounded runs). */
    public static final MapStateDescriptor<String, Long> INPUT_END =
            new MapStateDescriptor<>("input-end", Types.STRING, Types.LONG);
    private static final String INPUT_END_KEY = "last-event-time";
    private static final String READS_END_KEY = "last-read-time";
    /** Rule-set versions published while running, by the event time they apply from (their package JSON). */
    public static final MapStateDescriptor<Long, String> RULE_SETS =
            new MapStateDescriptor<>("rule-sets", Types.LONG, Types.STRING);
    /** What became of each published rule-set version in each subtask: ACTIVE, or REFUSED with the reasons. */
    public static final OutputTag<OutputLine> RULE_SET_STATUS = new OutputTag<>("rule-set-status") {
    };
    /** Alarms under access control: a line per entitled party and an audit line per decision. */
    public static final OutputTag<OutputLine> ROUTED = new OutputTag<>("routed-alarms") {
    };
    /** Accumulator name: meter voltage alarms raised and handed to the voltage roll-up. */
    public static final String VOLTAGE_METER_ALARMS = "voltage-meter-alarms";
    /** Accumulator name: voltage alarms the voltage roll-up raised (of an asset, or of a meter alone). */
    public static final String VOLTAGE_ALARMS_RAISED = "voltage-alarms-raised";
    /** Accumulator name prefix: alarm emissions of each kind. */
    public static final String ALARMS_OF_KIND = "alarms-of-kind.";
    /** Each meter's supply state when it changes, a line per entitled party ({@link SupplyStateLines}). */
    public static final OutputTag<OutputLine> SUPPLY_STATE = new OutputTag<>("supply-state") {
    };
    /** Supply status reads that verify nested outages just raised ({@link StatusReadRequests}), not yet paced. */
    public static final OutputTag<ServiceRequest> STATUS_READS = new OutputTag<>("status-reads") {
    };
    /** Contributions to the reliability report (short interruptions, outages, customers and minutes lost). */
    public static final OutputTag<OutputLine> RELIABILITY = new OutputTag<>("reliability") {
    };
    private static final int MAX_SETTLE_ROUNDS = 100_000;
    /** Reads and word of their progress: what runs on the reads' clock. */
    private static final Predicate<MeterRecord> READ_SIDE = record -> !record.onAlertsClock();

    private final String baseRuleSet;
    private final RuleEngine engine;
    private final InputOrder order;
    private final HashMap<String, String> trustedKeys;
    private final Duration readsLateness;
    private final Duration alertsIdleAfter;
    private transient LocationRegistry registry;
    private transient AccessControl accessControl;
    private transient Map<String, LongCounter> alarmsOfKind;
    private transient RuleSetVersions versions;
    private transient InstantBuffer buffer;
    private transient DeadlineQueue deadlines;
    private transient DeadlineQueue handovers;
    private transient SilenceWatch silence;
    private transient SilenceSchedule silenceSchedule;
    private transient SupplyHistory history;
    private transient RollUpKeeper<RollUpState> rollUp;
    private transient RollUpKeeper<VoltageRollUpState> voltage;
    private transient MapState<String, MeterState> meterStates;
    private transient ValueState<SwitchingState> switching;
    private transient LongCounter shortInterruptions;
    private transient LongCounter lateRecords;
    private transient LongCounter voltageMeterAlarms;
    private transient LongCounter voltageAlarmsRaised;
    private transient ValueStates heldStates;
    private transient ReadsAhead readsAhead;
    private transient ValueState<Long> heldReadsLook;

    /**
     * @param baseRuleSet the rule-set version that applies from the start, as a package (read where the job was
     *     built and shipped inside it: {@link io.gridalarm.jobs.PipelineParts#shipped})
     * @param order how each location's records arrive: sorted (a batch replay, by event time or as received), or
     *     on a stream, where alerts wait for the watermark
     * @param trustedKeys public keys by key id; a published rule-set version runs only when one of them verifies
     *     its signature
     * @param readsLateness how late reads may arrive and still be judged exactly as in a replay (outages are
     *     remembered that long)
     * @param alertsIdleAfter on a stream, how long the alerts' clock stands still before reads ahead of it stop
     *     waiting for it ({@link ReadsAhead})
     */
    public EvaluateRules(String baseRuleSet, RuleEngine engine, InputOrder order,
                         Map<String, String> trustedKeys, Duration readsLateness, Duration alertsIdleAfter) {
        if (baseRuleSet == null || baseRuleSet.isBlank()) {
            throw new IllegalArgumentException("Rule evaluation needs a rule-set version to start from.");
        }
        this.baseRuleSet = baseRuleSet;
        this.engine = engine;
        this.order = order;
        this.trustedKeys = new HashMap<>(trustedKeys);
        if (readsLateness == null || readsLateness.isNegative()) {
            throw new IllegalArgumentException("How late reads may arrive must be zero or more, not " + readsLateness
                    + ".");
        }
        this.readsLateness = readsLateness;
        this.alertsIdleAfter = ReadsAhead.checked(alertsIdleAfter);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        registry = new LocationRegistry(getRuntimeContext());
        accessControl = new AccessControl(registry);
        alarmsOfKind = new HashMap<>();
        RuleSet base = RuleSetVersions.unpack(baseRuleSet);
        versions = new RuleSetVersions(this::compile, base, trustedKeys);
        silenceSchedule = SilenceSchedule.of(base.thresholds(), readsLateness);
        buffer = new InstantBuffer(getRuntimeContext(), order);
        readsAhead = new ReadsAhead(alertsIdleAfter);
        heldReadsLook = getRuntimeContext().getState(new ValueStateDescriptor<>("held-reads-look", Types.LONG));
        // Values that grow with a location's outages: held between checkpoints when the operator holds them.
        ValueStates growing = heldStates != null ? heldStates : ValueStates.of(getRuntimeContext());
        deadlines = new DeadlineQueue(growing, "deadlines");
        handovers = new DeadlineQueue(growing, "supply-state-handovers");
        silence = new SilenceWatch(getRuntimeContext());
        history = new SupplyHistory(getRuntimeContext(), readsLateness);
        rollUp = RollUpKeeper.outages(growing);
        voltage = RollUpKeeper.voltage(growing);
        meterStates = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("meter-states", Types.STRING, TypeInformation.of(MeterState.class)));
        switching = getRuntimeContext().getState(new ValueStateDescriptor<>("switching",
                GridAlarmTypes.SWITCHING_STATE));
        shortInterruptions = getRuntimeContext().getLongCounter(SHORT_INTERRUPTIONS);
        lateRecords = getRuntimeContext().getLongCounter(LATE_RECORDS);
        voltageMeterAlarms = getRuntimeContext().getLongCounter(VOLTAGE_METER_ALARMS);
        voltageAlarmsRaised = getRuntimeContext().getLongCounter(VOLTAGE_ALARMS_RAISED);
    }

    /**
     * The operator holds the values that grow with a location's outages in memory between checkpoints
     * ({@link EvaluateRulesOperator}); called before {@link #open}.
     */
    void holdStateIn(HeldState held) {
        this.heldStates = held;
    }

    private RuleSetVersions.Version compile(RuleSet ruleSet) throws Exception {
        var rules = engine.create(ruleSet, getRuntimeContext().getUserCodeClassLoader());
        OutageRollUp outages = ruleSet.thresholds().uses(Thresholds.Step.ROLL_UP)
                ? new OutageRollUp(rules, ruleSet, registry)
                : null;
        VoltageRollUp excursions = ruleSet.thresholds().uses(Thresholds.Step.VOLTAGE_ROLL_UP)
                ? new VoltageRollUp(rules, ruleSet, registry)
                : null;
        return new RuleSetVersions.Version(rules, outages, excursions, ruleSet.thresholds());
    }

    private RuleSetVersions.Version versionAt(long time, ReadOnlyContext ctx) throws Exception {
        return versions.at(time, published(ctx));
    }

    private OutageRollUp rollUpAt(long time, ReadOnlyContext ctx) throws Exception {
        return versions.rollUpAt(time, published(ctx));
    }

    private VoltageRollUp voltageAt(long time, ReadOnlyContext ctx) throws Exception {
        return versions.voltageAt(time, published(ctx));
    }

    /** The versions published to the job, as its broadcast state keeps them (read only on the first restore). */
    private static RuleSetVersions.Published published(ReadOnlyContext ctx) {
        return () -> ctx.getBroadcastState(RULE_SETS).immutableEntries();
    }

    @Override
    public void processElement(MeterRecord record, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        if (record.isRegistry()) {
            if (registry.apply(record)) {
                forget(record.meterId());
            } else {
                planHandover(record.meterId(), ctx.timerService().currentWatermark(), ctx.timerService());
            }
            return;
        }
        if (order == InputOrder.STREAM) {
            readsAhead.observe(ctx.timerService());
            if (!record.onAlertsClock()) {
                if (readsAhead.waits(record.time().toEpochMilli(), ctx.timerService())) {
                    holdRead(record, ctx);
                } else {
                    evaluateReadSide(record, ctx, out);
                }
                return;
            }
        }
        InstantBuffer.Batch complete = buffer.add(record, ctx.timestamp(), ctx.timerService());
        if (complete != null) {
            evaluate(complete, ctx, out);
        }
    }

    /**
     * A timer fires for held alerts, for a deadline, or to forget old outages; on a stream, a processing-time one
     * to look at reads held for the alerts' clock. In a live stream a deadline is
     * settled when the watermark passes it. At the end of a bounded input the watermark jumps to its maximum (and
     * in a batch run a key's timers fire only after its last record, while timers set then never fire), so there
     * the clock is the input's last event time from the broadcast input: every deadline up to it is settled, none
     * after it; only meter voltage alarms held for their neighbours' go out, at their windows' end. The end of the
     * input is not a silence: a location whose reads stopped is checked only as far as
     * the input's reads go.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alarm> out) throws Exception {
        if (order == InputOrder.STREAM) {
            readsAhead.observe(ctx.timerService());
            if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
                lookAtHeldReads(ctx, out);
                return;
            }
        }
        long watermark = ctx.timerService().currentWatermark();
        boolean endOfInput = watermark == Long.MAX_VALUE;
        // At the end of sorted input the key's timers fire in time order, older deadlines first: the instant still
        // held is evaluated before anything is settled up to the end.
        InstantBuffer.Batch complete = endOfInput && order.sorted() ? buffer.flush(ctx.timerService())
                : buffer.onTimer(timestamp);
        if (complete != null) {
            evaluate(complete, ctx, out);
            stopLookingWhenNoReadsHeld(complete, ctx.timerService());
        } else if (!endOfInput && watermark >= timestamp) {
            settleUpTo(timestamp, ctx, out);
        }
        // A stream's end fires every held instant's timer in turn: what ends the input waits for the last of them.
        if (endOfInput && !buffer.holdsRecords()) {
            settleUpTo(inputEnd(ctx), ctx, out);
            readsReached(Long.MAX_VALUE, ctx, out);
            // Meter voltage alarms are raised already; what they wait for is neighbours, and none can come now.
            if (voltageAt(inputEnd(ctx), ctx) != null) {
                sendVoltage(voltage.releaseUpTo(Long.MAX_VALUE, at -> voltageAt(at, ctx), ctx.timerService()), ctx,
                        out);
            }
            Long readsEnd = ctx.getBroadcastState(INPUT_END).get(READS_END_KEY);
            if (readsEnd != null) {
                checkScheduledSilence(silence.scheduledChecks(silenceSchedule, Long.MAX_VALUE, readsEnd), ctx, out);
            }
        }
        if (SupplyHistory.isExpiryTime(timestamp)) {
            history.expireUpTo(Math.min(timestamp, watermark));
        }
        if (!endOfInput && switching.value() != null) {
            RuleSetVersions.Version version = versionAt(timestamp, ctx);
            SwitchingWatch watch = new SwitchingWatch(version.rules(), version.thresholds(), registry);
            SwitchingState left = watch.expire(switching.value(), timestamp);
            keepSwitching(left, watch, timestamp, ctx);
        }
    }

    /**
     * Remembers the latest event time of the whole input and of its reads, as far as known; or compiles a rule-set
     * version published to the running job and, when it compiles, keeps it in broadcast state for a restore. Either
     * way a status line says what became of it. State (open alarms, outages) is kept across versions.
     */
    @Override
    public void processBroadcastElement(ControlMessage control, Context ctx, Collector<Alarm> out) throws Exception {
        if (control.lastEventTime() != null || control.lastReadTime() != null) {
            BroadcastState<String, Long> end = ctx.getBroadcastState(INPUT_END);
            String key = control.lastEventTime() != null ? INPUT_END_KEY : READS_END_KEY;
            long time = control.lastEventTime() != null ? control.lastEventTime() : control.lastReadTime();
            Long known = end.get(key);
            if (known == null || time > known) {
                end.put(key, time);
            }
            return;
        }
        RuleSetStatus status = versions.publish(control.ruleSetJson(),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        if (status.status() == RuleSetStatus.Status.ACTIVE) {
            ctx.getBroadcastState(RULE_SETS).put(status.effectiveFrom().toEpochMilli(), control.ruleSetJson());
        }
        ctx.output(RULE_SET_STATUS, status.toLine());
    }

    private static long inputEnd(ReadOnlyContext ctx) throws Exception {
        ReadOnlyBroadcastState<String, Long> end = ctx.getBroadcastState(INPUT_END);
        Long known = end.get(INPUT_END_KEY);
        return known == null ? Long.MIN_VALUE : known;
    }

    /**
     * Settles what fell due before the instant, then evaluates its alerts in order, then its reads, each at its
     * own time. (In a replay as received, the instant is where the live job evaluated the records: alerts that
     * arrived behind its clock and reads let go by theirs share it with the alerts of that time.)
     */
    private void evaluate(InstantBuffer.Batch batch, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        if (batch.late()) {
            lateRecords.add(1L);
        }
        settleUpTo(batch.time(), ctx, out);
        for (MeterRecord record : batch.records()) {
            if (record.onAlertsClock()) {
                long time = record.time().toEpochMilli();
                evaluateRecord(record, time, versionAt(time, ctx), ctx, out);
            }
        }
        for (MeterRecord record : batch.records()) {
            if (!record.onAlertsClock()) {
                evaluateReadSide(record, ctx, out);
            }
        }
    }

    /** A read, or word of the reads' progress, on the reads' clock. */
    private void evaluateReadSide(MeterRecord record, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        if (record.isReadsProgress()) {
            readsProgressed(record, ctx, out);
        } else {
            evaluateRead(record, ctx, out);
        }
    }

    /**
     * On a stream, a read ahead of the alerts' clock waits with the alerts of its instant ({@link ReadsAhead}); the
     * location looks again once the clock may have stood still long enough.
     */
    private void holdRead(MeterRecord record, ReadOnlyContext ctx) throws Exception {
        buffer.add(record, record.time().toEpochMilli(), ctx.timerService());
        if (heldReadsLook.value() == null) {
            long at = readsAhead.nextLook();
            ctx.timerService().registerProcessingTimeTimer(at);
            heldReadsLook.update(at);
        }
    }

    /** Held reads go, in time order, when the alerts' clock stood still long enough; else the location looks later. */
    private void lookAtHeldReads(OnTimerContext ctx, Collector<Alarm> out) throws Exception {
        heldReadsLook.clear();
        if (!buffer.holds(READ_SIDE)) {
            return;
        }
        if (readsAhead.stoodStill(ctx.timerService())) {
            for (MeterRecord record : buffer.take(READ_SIDE, ctx.timerService())) {
                evaluateReadSide(record, ctx, out);
            }
            return;
        }
        long at = readsAhead.nextLook();
        ctx.timerService().registerProcessingTimeTimer(at);
        heldReadsLook.update(at);
    }

    /** Once the alerts' clock has let every held read go, the location stops looking at them. */
    private void stopLookingWhenNoReadsHeld(InstantBuffer.Batch evaluated, TimerService timers) throws Exception {
        if (order != InputOrder.STREAM || evaluated.records().stream().allMatch(MeterRecord::onAlertsClock)) {
            return;
        }
        Long look = heldReadsLook.value();
        if (look != null && !buffer.holds(READ_SIDE)) {
            timers.deleteProcessingTimeTimer(look);
            heldReadsLook.clear();
        }
    }

    /**
     * The fleet's reads have come through an instant and the location's have not since its latest: the checks the
     * {@link SilenceSchedule} sets up to that instant are made.
     */
    private void readsProgressed(MeterRecord progress, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        checkScheduledSilence(silence.scheduledChecks(silenceSchedule, Long.MAX_VALUE,
                progress.time().toEpochMilli()), ctx, out);
    }

    /**
     * The location's reads reached the instant (a read of its own, or the end of the input): voltage alarms of reads
     * before it have all their neighbours' in, as the location's reads come in time order. (Word of the fleet's
     * progress does not move this clock: a live job and a replay hear of it at different places.)
     */
    private void readsReached(long time, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        if (voltage.isEmpty()) {
            return;
        }
        VoltageRollUp excursions = voltageAt(time == Long.MAX_VALUE ? inputEnd(ctx) : time, ctx);
        if (excursions != null) {
            Instant reached = Instant.ofEpochMilli(time);
            sendVoltage(voltage.stepWithoutTimer(excursions,
                    s -> excursions.release(s, VoltageRollUp.Clock.READS, reached)), ctx, out);
        }
    }

    /**
     * A read, on the reads' clock: when it is the first read of the location past an instant, that instant is
     * checked for silent meters first; on input sorted by time, so are the instants of a gap in the location's
     * reads that a stream learns of from the fleet's progress (they come as {@link MeterRecord#isReadsProgress}).
     * Then the read is evaluated, at its own time.
     */
    private void evaluateRead(MeterRecord read, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        long time = read.time().toEpochMilli();
        readsReached(time, ctx, out);
        RuleSetVersions.Version version = versionAt(time, ctx);
        boolean watchSilence = version.thresholds().uses(Thresholds.Step.SILENCE);
        if (watchSilence) {
            List<Long> inGap = order.sorted()
                    ? silence.scheduledChecks(silenceSchedule, time, Long.MAX_VALUE) : List.of();
            Long complete = silence.completes(time, read.read().minutes());
            if (complete != null) {
                checkSilence(complete, versionAt(complete, ctx), ctx, out);
            }
            checkScheduledSilence(inGap, ctx, out);
        }
        evaluateRecord(read, time, version, ctx, out);
        if (watchSilence) {
            silence.onRead(read.meterId(), read.read());
        }
    }

    private void evaluateRecord(MeterRecord record, long time, RuleSetVersions.Version version, ReadOnlyContext ctx,
                                Collector<Alarm> out) throws Exception {
        LocalProgress.recordEvaluated();
        String meterId = record.meterId();
        MeterState before = meterStates.get(meterId);
        apply(meterId, before, version.rules().evaluate(record, before), time, version,
                record.onAlertsClock() ? VoltageRollUp.Clock.ALERTS : VoltageRollUp.Clock.READS, ctx, out);
    }

    /**
     * Settles, in time order, every deadline of this location at or before the instant, including those that
     * settling itself sets (a grouping window): meters' confirmation delays and the roll-up's windows and checks
     * interleaved, so a grouping window that ends before a meter's confirmation never counts that meter.
     */
    private void settleUpTo(long time, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            // Most locations hold nothing in either roll-up: the versions are not even looked up.
            OutageRollUp outages = rollUp.isEmpty() ? null : rollUpAt(time, ctx);
            Instant release = outages == null ? null : rollUp.nextRelease(outages);
            VoltageRollUp excursions = voltage.isEmpty() ? null : voltageAt(time, ctx);
            Instant alerts = excursions == null ? null : voltage.nextRelease(excursions);
            long next = Math.min(Math.min(Math.min(deadlines.earliest(), handovers.earliest()),
                    millisOrNever(release)), millisOrNever(alerts));
            if (next > time) {
                return;
            }
            settleAt(next, ctx, out);
        }
        throw new IllegalStateException("Deadlines of " + ctx.getCurrentKey() + " keep renewing themselves before "
                + Instant.ofEpochMilli(time) + ".");
    }

    private static long millisOrNever(Instant instant) {
        return instant == null ? Long.MAX_VALUE : instant.toEpochMilli();
    }

    /**
     * Settles what falls due at the instant: meters' confirmation delays, meters' changes of parties (their supply
     * state handed over), then the outage roll-up's windows and checks, then the voltage alerts' windows.
     */
    private void settleAt(long time, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        for (Deadlines.Deadline due : deadlines.takeDueBy(time)) {
            RuleSetVersions.Version version = versionAt(due.time(), ctx);
            MeterState state = meterStates.get(due.meterId());
            if (state != null) {
                apply(due.meterId(), state, version.rules().settle(Instant.ofEpochMilli(due.time()), state),
                        due.time(), version, VoltageRollUp.Clock.ALERTS, ctx, out);
            }
        }
        for (Deadlines.Deadline due : handovers.takeDueBy(time)) {
            handOver(due.meterId(), due.time(), ctx);
        }
        if (!rollUp.isEmpty() && rollUpAt(time, ctx) != null) {
            sendOutages(rollUp.releaseUpTo(time, at -> rollUpAt(at, ctx), ctx.timerService()), ctx, out);
        }
        if (!voltage.isEmpty() && voltageAt(time, ctx) != null) {
            sendVoltage(voltage.releaseUpTo(time, at -> voltageAt(at, ctx), ctx.timerService()), ctx, out);
        }
    }

    private void checkScheduledSilence(List<Long> checks, ReadOnlyContext ctx, Collector<Alarm> out)
            throws Exception {
        for (long check : checks) {
            if (silence.isDue(check)) {
                checkSilence(check, versionAt(check, ctx), ctx, out);
            }
        }
    }

    /**
     * Shows the rules each meter of the location silent for the rule set's comms-loss intervals at a read instant,
     * as a {@link Silence} that says whether an outage known by then explains it; the rules decide whether that is
     * a comms loss.
     */
    private void checkSilence(long time, RuleSetVersions.Version version, ReadOnlyContext ctx, Collector<Alarm> out)
            throws Exception {
        if (!version.thresholds().uses(Thresholds.Step.SILENCE)) {
            return;
        }
        for (SilenceWatch.Silent silent : silence.check(time, version.thresholds().commsLossIntervals(),
                history::restoredBy)) {
            String meterId = silent.meterId();
            RegistryRow row = registry.rowAt(meterId, Instant.ofEpochMilli(time));
            if (row == null) {
                continue;
            }
            MeterState state = meterStates.get(meterId);
            Silence fact = new Silence(row, Instant.ofEpochMilli(silent.lastReadEndMillis()),
                    Instant.ofEpochMilli(time), silent.missedIntervals(), history.offAt(meterId, time));
            apply(meterId, state, version.rules().silence(fact, state), time, version, VoltageRollUp.Clock.READS,
                    ctx, out);
        }
    }

    /**
     * Keeps the meter's new state and deadline, publishes its supply state when that changed, counts its supply
     * changes and remembers them as known at {@code known} (for reads judged later), and sends or rolls up its
     * alarms (voltage alarms on the clock of the input that was evaluated).
     */
    private void apply(String meterId, MeterState before, Evaluation evaluation, long known,
                       RuleSetVersions.Version version, VoltageRollUp.Clock clock, ReadOnlyContext ctx,
                       Collector<Alarm> out) throws Exception {
        MeterState state = evaluation.state();
        if (state == null) {
            if (before != null) {
                meterStates.remove(meterId);
            }
        } else if (!state.equals(before)) {
            meterStates.put(meterId, state);
        }
        // The queue holds each meter's next deadline alone: a supply back or a command answered takes its deadline
        // out, so neither state nor a deadline outlives what it waited for.
        Instant was = before == null ? null : version.rules().nextDeadline(before);
        Instant next = state == null ? null : version.rules().nextDeadline(state);
        if (!Objects.equals(was, next)) {
            deadlines.cancel(meterId);
            if (next != null) {
                deadlines.add(meterId, next, ctx.timerService());
            }
        }
        watchSwitching(meterId, before, state, known, version, ctx, out);
        Instant at = Instant.ofEpochMilli(known);
        SupplyState supply = MeterState.supplyOf(meterId, state, at);
        if (!supply.sameSupplyAs(MeterState.supplyOf(meterId, before, at))) {
            SupplyStateLines.route(accessControl, supply, line -> ctx.output(SUPPLY_STATE, line));
        }
        boolean remember = version.thresholds().uses(Thresholds.Step.SILENCE);
        for (SupplyEvent event : evaluation.supplyEvents()) {
            if (event.change() == SupplyEvent.Change.SHORT_INTERRUPTION) {
                shortInterruptions.add(1L);
            }
            ReliabilityFigures.of(event).forEach(line -> ctx.output(RELIABILITY, line));
            if (remember) {
                history.record(meterId, event, known, ctx.timerService());
            }
        }
        for (Alarm alarm : evaluation.alarms()) {
            MeterAlarm outage = evaluation.forRollUp(alarm);
            MeterAlarm excursion = evaluation.forVoltageRollUp(alarm);
            if (excursion != null && version.voltage() != null) {
                VoltageRollUp excursions = version.voltage();
                if (alarm.status() == AlarmStatus.RAISED) {
                    voltageMeterAlarms.add(1L);
                }
                sendVoltage(voltage.step(excursions, s -> excursions.accept(s, excursion, clock), ctx.timerService()),
                        ctx, out);
            } else if (outage == null) {
                send(alarm, ctx, out);
            } else if (version.rollUp() == null) {
                sendOutages(List.of(alarm), ctx, out);
            } else {
                OutageRollUp outages = version.rollUp();
                sendOutages(rollUp.step(outages, s -> outages.accept(s, outage), ctx.timerService()), ctx, out);
            }
        }
    }

    /**
     * A meter switched off or on again (its switch position crossed between off and on) is counted for the switching
     * risk of the assets above it; the rules decide whether that puts one at risk.
     */
    private void watchSwitching(String meterId, MeterState before, MeterState state, long time,
                                RuleSetVersions.Version version, ReadOnlyContext ctx, Collector<Alarm> out)
            throws Exception {
        SwitchPosition was = before == null || before.control() == null ? null : before.control().position();
        SwitchPosition now = state == null || state.control() == null ? null : state.control().position();
        if (now == null || now == was || (was != null && was.isOff() == now.isOff())
                || !version.thresholds().uses(Thresholds.Step.SWITCHING)) {
            return;
        }
        RegistryRow row = registry.rowAt(meterId, Instant.ofEpochMilli(time));
        if (row == null) {
            return;
        }
        SwitchingWatch watch = new SwitchingWatch(version.rules(), version.thresholds(), registry);
        SwitchingWatch.Step step = watch.switched(switching.value(), new SwitchingState.Switched(meterId, time,
                now.isOff() ? SwitchPosition.DISCONNECTED : SwitchPosition.CONNECTED,
                registry.pathOf(row.feederId(), row.substationId()), row.networkOperator()));
        keepSwitching(step.state(), watch, time, ctx);
        for (Alarm alarm : step.alarms()) {
            send(alarm, ctx, out);
        }
    }

    private void keepSwitching(SwitchingState state, SwitchingWatch watch, long time, ReadOnlyContext ctx)
            throws Exception {
        if (state == null) {
            switching.clear();
            return;
        }
        switching.update(state);
        Long expiry = watch.nextExpiry(state);
        if (expiry != null && expiry > time) {
            ctx.timerService().registerEventTimeTimer(expiry);
        }
    }

    /** Sends the voltage roll-up's alarms on, counting those it raised (how many meter alarms each stands for). */
    private void sendVoltage(List<Alarm> alarms, ReadOnlyContext ctx, Collector<Alarm> out) {
        for (Alarm alarm : alarms) {
            if (alarm.status() == AlarmStatus.RAISED) {
                voltageAlarmsRaised.add(1L);
            }
            send(alarm, ctx, out);
        }
    }

    /**
     * Sends outage alarms on, each with its contribution to the reliability figures, and asks for the supply status
     * reads that verify a nested outage just raised.
     */
    private void sendOutages(List<Alarm> alarms, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
        for (int a = 0; a < alarms.size(); a++) {
            Alarm alarm = alarms.get(a);
            send(alarm, ctx, out);
            ReliabilityFigures.of(alarm).forEach(line -> ctx.output(RELIABILITY, line));
            // A nested outage raised and cleared at once (its meters back before it was due) needs no verifying.
            boolean clearedAtOnce = a + 1 < alarms.size() && alarms.get(a + 1).alarmId().equals(alarm.alarmId())
                    && alarms.get(a + 1).status() == AlarmStatus.CLEARED;
            if (alarm.kind().equals(OutageRollUp.NESTED_KIND) && !clearedAtOnce) {
                Thresholds thresholds = versionAt(alarm.time().toEpochMilli(), ctx).thresholds();
                StatusReadRequests.toVerify(alarm, thresholds.statusReads(), registry)
                        .forEach(request -> ctx.output(STATUS_READS, request));
            }
        }
    }

    /**
     * Sends an alarm on as the rules made it, and as its entitled parties receive it: access control judges each
     * recipient from the location's registry at the alarm's time.
     */
    private void send(Alarm alarm, ReadOnlyContext ctx, Collector<Alarm> out) {
        alarmsOfKind.computeIfAbsent(alarm.kind(),
                kind -> getRuntimeContext().getLongCounter(ALARMS_OF_KIND + kind)).add(1L);
        out.collect(alarm);
        RouteAlarms.route(accessControl, alarm, line -> ctx.output(ROUTED, line));
    }

    /** The meter's next change of parties after the instant, if its history has one, is waited for. */
    private void planHandover(String meterId, long after, TimerService timers) throws Exception {
        handovers.cancel(meterId);
        MeterHistory history = registry.historyOf(meterId);
        Instant next = history == null ? null : SupplyStateLines.nextChangeOfParties(history,
                Instant.ofEpochMilli(after));
        if (next != null) {
            handovers.add(meterId, next, timers);
        }
    }

    /**
     * The meter's parties change at the instant (a change of supplier): a supply state worth knowing (a switch
     * position, or supply lost) is withdrawn from the party that lost the meter and sent to the one that gained it.
     */
    private void handOver(String meterId, long time, ReadOnlyContext ctx) throws Exception {
        SupplyState supply = MeterState.supplyOf(meterId, meterStates.get(meterId), Instant.ofEpochMilli(time));
        if (supply.position() != null || !supply.energised()) {
            SupplyStateLines.handOver(accessControl, supply, line -> ctx.output(SUPPLY_STATE, line));
        }
        planHandover(meterId, time, ctx.timerService());
    }

    /** A meter gone from the location: what the location remembered of it goes too. */
    private void forget(String meterId) throws Exception {
        meterStates.remove(meterId);
        deadlines.cancel(meterId);
        handovers.cancel(meterId);
        silence.forget(meterId);
        history.forget(meterId);
    }

    @Override
    public void close() throws Exception {
        if (versions != null) {
            // Counted at the end so that firing stays free of accumulator calls.
            versions.close((rule, count) -> getRuntimeContext().getLongCounter(RULES_FIRED + rule).add(count));
        }
    }
}
