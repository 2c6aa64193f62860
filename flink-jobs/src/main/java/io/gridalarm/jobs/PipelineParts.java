package io.gridalarm.jobs;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.functions.Arrivals;
import io.gridalarm.jobs.functions.ChangelogClock;
import io.gridalarm.jobs.functions.ClockStep;
import io.gridalarm.jobs.functions.ControlMessage;
import io.gridalarm.jobs.functions.DeadLetterLines;
import io.gridalarm.jobs.functions.EvaluateRules;
import io.gridalarm.jobs.functions.EvaluateRulesOperator;
import io.gridalarm.jobs.functions.InputOrder;
import io.gridalarm.jobs.functions.LastEventTime;
import io.gridalarm.jobs.functions.LineClock;
import io.gridalarm.jobs.functions.MatchRegistry;
import io.gridalarm.jobs.functions.MeterKey;
import io.gridalarm.jobs.functions.NoClock;
import io.gridalarm.jobs.functions.PaceStatusReads;
import io.gridalarm.jobs.functions.OrderReads;
import io.gridalarm.jobs.functions.PlaceByArrival;
import io.gridalarm.jobs.functions.PlaceInNetwork;
import io.gridalarm.jobs.functions.ResumedClock;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.jobs.functions.SilenceSchedule;
import io.gridalarm.jobs.functions.SimulateArrivalClocks;
import io.gridalarm.jobs.functions.ValidateLines;
import io.gridalarm.jobs.functions.WatchCommandRates;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.Json;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.ReadLimits;
import io.gridalarm.model.RecordKind;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetException;
import io.gridalarm.rules.RuleSetPackage;
import io.gridalarm.rules.Thresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.ConnectedStreams;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The stretches of pipeline that replay and live jobs share, whatever their sources and sinks: validation and
 * duplicate removal, rule evaluation by network location, and routing under access control.
 */
public final class PipelineParts {

    private PipelineParts() {
    }

    /**
     * Validated events (duplicates dropped) and reads, each matched with its meter's registry row and on its own
     * clock (either may be null, not both), the dead letters of every input line, and each input's latest event
     * time (and, for reads, the reads' own), sent when its input ends. The registry news for each network location
     * travel in order with the events (with the reads when there are no events), so a location hears of a meter
     * before its records.
     */
    public record Inputs(DataStream<MeterRecord> events, DataStream<MeterRecord> reads,
                         DataStream<DeadLetter> deadLetters, DataStream<ControlMessage> lastEventTimes) {

        /** Events and reads (and the registry news) together. */
        public DataStream<MeterRecord> records() {
            return events == null ? reads : reads == null ? events : events.union(reads);
        }
    }

    /**
     * The input lines of a pipeline, each null when the pipeline has none of that kind: meter events, interval
     * reads, service requests and service responses.
     */
    public record Lines(DataStream<NumberedLine> events, DataStream<NumberedLine> reads,
                        DataStream<NumberedLine> requests, DataStream<NumberedLine> responses) {

        /** The lines of the kind, or null. */
        DataStream<NumberedLine> of(RecordKind kind) {
            return switch (kind) {
                case EVENT -> events;
                case READ -> reads;
                case REQUEST -> requests;
                case RESPONSE -> responses;
            };
        }

        /** True when there are lines on the alerts' clock: events, requests or responses. */
        boolean onAlertsClock() {
            return events != null || requests != null || responses != null;
        }
    }

    /** The kinds of input on the alerts' clock, in the order their lines are validated. */
    private static final List<RecordKind> ALERTS_CLOCK = List.of(RecordKind.EVENT, RecordKind.REQUEST,
            RecordKind.RESPONSE);

    /** Well-formed inputs and the dead letters of the lines that were not, each null when there were no lines. */
    public record Parsed(DataStream<ParsedInput> valid, DataStream<DeadLetter> deadLetters) {
    }

    /** The lines of the kinds parsed and validated one by one ({@link ValidateLines}), before any registry join. */
    public static Parsed parsed(Lines lines, List<RecordKind> kinds) {
        DataStream<ParsedInput> valid = null;
        DataStream<DeadLetter> deadLetters = null;
        for (RecordKind kind : kinds) {
            if (lines.of(kind) == null) {
                continue;
            }
            String kindName = kind.name().toLowerCase(Locale.ROOT) + "s";
            SingleOutputStreamOperator<ParsedInput> checked = lines.of(kind)
                    .process(new ValidateLines(kind), GridAlarmTypes.PARSED_INPUT)
                    .uid("validate-" + kindName).name("validate " + kindName);
            if (kind != RecordKind.READ) {
                onAlertsPath(checked);
            }
            deadLetters = deadLetters == null ? checked.getSideOutput(ValidateLines.DEAD_LETTERS)
                    : deadLetters.union(checked.getSideOutput(ValidateLines.DEAD_LETTERS));
            valid = valid == null ? checked : valid.union(checked);
        }
        return new Parsed(valid, deadLetters);
    }

    /**
     * Validates the input lines (any may be null, not all) and matches each record with its meter's registry history
     * from {@code registry}, a changelog keyed by meter ({@link MatchRegistry}, one join per clock, which also drops
     * re-delivered events and service messages; a record waits up to {@code registryWait} for a meter not yet heard
     * of). Events, requests and responses arrive within seconds and share the alerts' join and clock; reads have
     * their own. A live input's lines come on their source's clock ({@link LineClock}, per topic partition: alerts
     * arrive in seconds, reads a day later); the registry stream holds the joins' time until the registry as it was
     * at the job's start is in state ({@link ChangelogClock}); {@link ResumedClock} keeps each input's clock in
     * checkpoints and lets the last records go once the input has been quiet ({@code quietPeriod}). With a
     * {@code network} changelog (keyed by asset; null for none) each record then learns what is above its
     * substation ({@link PlaceInNetwork}), which decides the network location it is evaluated in. A bounded run whose
     * registry's meter ids are all numbers ({@code numberedMeters}) keys its joins by {@link MeterKey}, which Flink's
     * batch sort compares far more cheaply than strings; a stream's joins are always keyed by meter id.
     */
    public static Inputs validated(Lines lines, DataStream<MeterHistory> registry, DataStream<AssetPlace> network,
                                   ReadLimits limits, Duration registryWait, Duration quietPeriod,
                                   Duration duplicateHorizon, boolean numberedMeters) {
        if (!lines.onAlertsClock() && lines.reads() == null) {
            throw new IllegalArgumentException("A pipeline needs event, read, request or response lines.");
        }
        boolean progressive = !inBatchMode(registry);
        if (numberedMeters && progressive) {
            throw new IllegalArgumentException("Only a bounded run keys its registry join by meter number: a stream's "
                    + "join is keyed by meter id, as its checkpoints are.");
        }
        DataStream<MeterRecord> events = null;
        DataStream<MeterRecord> reads = null;
        DataStream<DeadLetter> deadLetters = null;
        DataStream<ControlMessage> ends = null;
        for (boolean alerts : new boolean[] {true, false}) {
            Parsed parsed = parsed(lines, alerts ? ALERTS_CLOCK : List.of(RecordKind.READ));
            if (parsed.valid() == null) {
                continue;
            }
            DataStream<ParsedInput> valid = parsed.valid();
            deadLetters = deadLetters == null ? parsed.deadLetters() : deadLetters.union(parsed.deadLetters());
            // Names and ids of the events' branch stay as they were before requests and responses joined it.
            String name = alerts ? "events" : "reads";
            // The alerts' join tells the network locations of each registry change, or the reads' when alone.
            boolean announce = alerts || !lines.onAlertsClock();
            // A live input's lines come stamped and on their source's clock (LineClock); a batch run's get their
            // event time as timestamps (a sorted replay joins each meter's history before its records).
            DataStream<ParsedInput> timed = progressive ? valid : valid
                    .assignTimestampsAndWatermarks(NoClock.stamped((ParsedInput input, long previous) ->
                            input.time().toEpochMilli()))
                    .uid("input-time-" + name).name("time of " + name);
            ConnectedStreams<ParsedInput, MeterHistory> byMeter = numberedMeters
                    ? timed.keyBy(input -> MeterKey.of(input.meterId()), Types.LONG)
                            .connect(registry.keyBy(history -> MeterKey.of(history.meterId()), Types.LONG))
                    : timed.keyBy(ParsedInput::meterId, Types.STRING)
                            .connect(registry.keyBy(MeterHistory::meterId, Types.STRING));
            SingleOutputStreamOperator<MeterRecord> joined = byMeter
                    .process(new MatchRegistry<>(limits, registryWait, duplicateHorizon, announce),
                            GridAlarmTypes.METER_RECORD)
                    .uid("match-registry-" + name).name("registry join by meter of " + name
                            + (alerts ? ", duplicates dropped" : ""));
            SingleOutputStreamOperator<MeterRecord> clocked = joined.transform("clock of " + name,
                    GridAlarmTypes.METER_RECORD, new ResumedClock(progressive, quietPeriod)).uid("event-time-" + name);
            SingleOutputStreamOperator<MeterRecord> matched = network == null ? clocked : network
                    .keyBy(place -> NetworkLocation.substationKey(place.assetId()), Types.STRING)
                    .connect(clocked.keyBy(record -> NetworkLocation.keyOf(record.meter()), Types.STRING))
                    .process(new PlaceInNetwork(progressive), GridAlarmTypes.METER_RECORD)
                    .uid("place-in-network-" + name).name("network join by substation of " + name);
            if (alerts) {
                onAlertsPath(clocked);
                onAlertsPath(matched);
            }
            deadLetters = deadLetters.union(joined.getSideOutput(MatchRegistry.DEAD_LETTERS));
            SingleOutputStreamOperator<Long> lastTime = matched.transform("last event time of " + name, Types.LONG,
                    new LastEventTime()).uid("last-event-time-" + name);
            DataStream<ControlMessage> end;
            if (alerts) {
                events = matched;
                end = lastTime.map(ControlMessage::inputEnd, GridAlarmTypes.CONTROL).uid("input-end-control")
                        .name("input end");
            } else {
                reads = matched;
                end = lastTime.flatMap((Long time, Collector<ControlMessage> out) -> {
                    out.collect(ControlMessage.inputEnd(time));
                    out.collect(ControlMessage.readsEnd(time));
                }, GridAlarmTypes.CONTROL).uid("reads-end-control").name("reads end");
            }
            ends = ends == null ? end : ends.union(end);
        }
        return new Inputs(events, reads, deadLetters, ends);
    }

    /**
     * Evaluates the rule set keyed by network location; {@code control} carries the input's last event time
     * (bounded runs) or rule-set versions published while running (accepted only when signed by one of the
     * {@code trustedKeys}), and {@code order} says how each key's records arrive.
     * On a stream the reads must come {@link #inReadOrder in read order}, so the operator's clock is the alerts';
     * reads ahead of that clock wait for it until it has stood still for {@code alertsIdleAfter}.
     */
    public static SingleOutputStreamOperator<Alarm> evaluated(DataStream<MeterRecord> records,
                                                              DataStream<ControlMessage> control, Path ruleSet,
                                                              RuleEngine engine,
                                                              InputOrder order,
                                                              Map<String, String> trustedKeys,
                                                              Duration readsLateness,
                                                              Duration alertsIdleAfter) {
        EvaluateRules rules = new EvaluateRules(shipped(ruleSet), engine, order, trustedKeys, readsLateness,
                alertsIdleAfter);
        KeyedStream<MeterRecord, String> byLocation = records.keyBy(NetworkLocation::keyOf, Types.STRING);
        boolean batch = inBatchMode(records);
        // On a stream the operator holds what grows with a location's outages between checkpoints; in batch mode
        // Flink's own operator keeps one location's state at a time, on the heap.
        SingleOutputStreamOperator<Alarm> alarms = batch
                ? byLocation.connect(control.broadcast(EvaluateRules.INPUT_END, EvaluateRules.RULE_SETS))
                        .process(rules, GridAlarmTypes.ALARM)
                : byLocation.connect(control.broadcast())
                        .transform("evaluate rules", GridAlarmTypes.ALARM, new EvaluateRulesOperator(rules));
        return onAlertsPath(alarms.uid("evaluate-rules").name("evaluate rules"));
    }

    /**
     * An operator whose output an alert's alarm waits for: on a stream its network buffers go part full after
     * {@link GridAlarmOptions#ALERTS_BUFFER_TIMEOUT}, so an alert does not wait for others to fill them. (A batch run's
     * exchanges are blocking: Flink refuses a buffer timeout there.)
     */
    private static <T> SingleOutputStreamOperator<T> onAlertsPath(SingleOutputStreamOperator<T> operator) {
        return inBatchMode(operator) ? operator
                : operator.setBufferTimeout(GridAlarmOptions.ALERTS_BUFFER_TIMEOUT.toMillis());
    }

    /** Whether the stream's job runs in batch mode (a bounded replay), not as a stream. */
    private static boolean inBatchMode(DataStream<?> stream) {
        return stream.getExecutionEnvironment().getConfiguration().get(ExecutionOptions.RUNTIME_MODE)
                == RuntimeExecutionMode.BATCH;
    }

    /**
     * A rule-set version folder as the package the job carries to every TaskManager (its rule files, applying from
     * the start), so none needs the folder.
     *
     * @throws IllegalArgumentException when the folder cannot be read (the job refuses to start)
     */
    public static String shipped(Path ruleSet) {
        try {
            return Json.line(RuleSetPackage.of(ruleSet, Instant.EPOCH));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the rule-set version " + ruleSet + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * A stream's reads in event-time order per network location, on the reads' own watermark, then stripped of
     * that watermark: the rule operator evaluates them as they come and keeps the alerts' clock as its own. Among
     * them comes word of the reads' progress where a location's reads stopped ({@code silence}: when; null for
     * never).
     */
    public static DataStream<MeterRecord> inReadOrder(DataStream<MeterRecord> reads, SilenceSchedule silence) {
        return reads.keyBy(NetworkLocation::keyOf, Types.STRING)
                .process(new OrderReads(silence), GridAlarmTypes.METER_RECORD).uid("order-reads")
                .name("reads in time order per location")
                .assignTimestampsAndWatermarks(NoClock.strategy()).uid("reads-off-the-alert-clock")
                .name("reads off the alerts' clock");
    }

    /** Records with their position on the live job's alert clock as timestamp, and both clocks' ends. */
    public record Placed(DataStream<MeterRecord> records, DataStream<ControlMessage> alertsEnd) {
    }

    /**
     * A bounded input placed where a live job with these clocks evaluated each record, given when it arrived
     * ({@link Arrivals}): the two clocks are simulated over every record in order of arrival, and each record is
     * stamped with the alerts' clock at the moment the live job let it through. The rule operator, evaluating in
     * order of these stamps, then does what the live job did.
     */
    public static Placed asReceived(DataStream<MeterRecord> records, LiveClocks clocks) {
        DataStream<MeterRecord> registryNews = records.filter(MeterRecord::isRegistry).uid("registry-news")
                .name("registry news, first in every location");
        records = records.filter(record -> !record.isRegistry()).uid("received-records").name("received records");
        SingleOutputStreamOperator<ClockStep> steps = records
                .assignTimestampsAndWatermarks(WatermarkStrategy.<MeterRecord>noWatermarks()
                        .withTimestampAssigner((record, previous) -> Arrivals.of(record)))
                .uid("arrival-time").name("arrival time")
                .keyBy(record -> (byte) 0, Types.BYTE)
                .process(new SimulateArrivalClocks(clocks.alertsOutOfOrder(), clocks.readsOutOfOrder(),
                        clocks.quietPeriod()), TypeInformation.of(ClockStep.class))
                .setParallelism(1).uid("live-clocks").name("the live job's clocks");
        DataStream<MeterRecord> placed = records
                .connect(steps.broadcast(PlaceByArrival.STEPS))
                .process(new PlaceByArrival(clocks.idleAfter()), Types.TUPLE(GridAlarmTypes.METER_RECORD, Types.LONG))
                .uid("place-by-arrival").name("where the live job evaluated each record")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple2<MeterRecord, Long>>noWatermarks()
                        .withTimestampAssigner((placedRecord, previous) -> placedRecord.f1))
                .uid("position-time").name("position as time")
                .map(placedRecord -> placedRecord.f0, GridAlarmTypes.METER_RECORD)
                .uid("placed-records").name("placed records")
                .union(registryNews);
        DataStream<ControlMessage> end = steps.getSideOutput(SimulateArrivalClocks.LAST_STEP)
                .flatMap((ClockStep last, Collector<ControlMessage> out) -> {
                    out.collect(ControlMessage.inputEnd(last.alerts()));
                    if (last.reads() != Long.MIN_VALUE) {
                        out.collect(ControlMessage.readsEnd(last.reads()));
                    }
                }, GridAlarmTypes.CONTROL).uid("clocks-end").name("the clocks at the end");
        return new Placed(placed, end);
    }

    /**
     * The limits of the rule-set version's thresholds that reads are checked against before any rule sees them.
     *
     * @throws IllegalArgumentException when the version cannot be read (the job refuses to start)
     */
    public static ReadLimits readLimitsOf(Path ruleSet) {
        return thresholdsOf(ruleSet).readLimits();
    }

    /**
     * The rule-set version's thresholds, read before the job starts.
     *
     * @throws IllegalArgumentException when the version cannot be read (the job refuses to start)
     */
    public static Thresholds thresholdsOf(Path ruleSet) {
        try {
            return RuleSet.read(ruleSet).thresholds();
        } catch (RuleSetException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The alarms under access control: one line per entitled party and one audit line per decision; with the
     * anomaly alarms of the users' critical commands among the {@code alertsClock} records (null: none), after the
     * DCC's threshold anomaly detection with the rule-set version's command limits ({@link WatchCommandRates}).
     */
    public static DataStream<OutputLine> routed(SingleOutputStreamOperator<Alarm> alarms,
                                                DataStream<MeterRecord> alertsClock, Path ruleSet) {
        DataStream<OutputLine> routed = alarms.getSideOutput(EvaluateRules.ROUTED);
        if (alertsClock == null) {
            return routed;
        }
        DataStream<OutputLine> anomalies = alertsClock
                .flatMap((MeterRecord record, Collector<Tuple2<String, MeterRecord>> out) ->
                        WatchCommandRates.countersOf(record, out),
                        Types.TUPLE(Types.STRING, GridAlarmTypes.METER_RECORD))
                .uid("critical-commands").name("critical commands by counter")
                .keyBy(counted -> counted.f0, Types.STRING)
                .process(new WatchCommandRates(shipped(ruleSet)), TypeInformation.of(OutputLine.class))
                .uid("watch-command-rates").name("critical-command anomaly detection");
        return routed.union(anomalies);
    }

    /**
     * What the rules send out besides alarms: each meter's changed supply state, a line per entitled party, and the
     * supply status reads that verify nested outages, paced per network operator ({@link PaceStatusReads}) at the
     * starting version's pace (none when that version reads none).
     */
    public static DataStream<OutputLine> supplyLines(SingleOutputStreamOperator<Alarm> alarms, Path ruleSet) {
        DataStream<OutputLine> states = alarms.getSideOutput(EvaluateRules.SUPPLY_STATE);
        Thresholds.StatusReads reads = thresholdsOf(ruleSet).statusReads();
        if (reads == null) {
            return states;
        }
        return states.union(alarms.getSideOutput(EvaluateRules.STATUS_READS)
                .keyBy(ServiceRequest::user, Types.STRING)
                .process(new PaceStatusReads(reads.spacing()), TypeInformation.of(OutputLine.class))
                .uid("pace-status-reads").name("supply status reads, paced per network operator"));
    }

    /** Dead letters as output lines. */
    public static DataStream<OutputLine> deadLetterLines(DataStream<DeadLetter> deadLetters) {
        return deadLetters.map(new DeadLetterLines()).uid("dead-letter-lines").name("dead letters");
    }
}
