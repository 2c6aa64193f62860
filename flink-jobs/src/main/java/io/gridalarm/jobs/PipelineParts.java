package io.gridalarm.jobs;

import io.gridalarm.connectors.NumberedLine;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.functions.Arrivals;
import io.gridalarm.jobs.functions.ClockStep;
import io.gridalarm.jobs.functions.ControlMessage;
import io.gridalarm.jobs.functions.DeadLetterLines;
import io.gridalarm.jobs.functions.DropDuplicateEvents;
import io.gridalarm.jobs.functions.EvaluateRules;
import io.gridalarm.jobs.functions.InputOrder;
import io.gridalarm.jobs.functions.LastEventTime;
import io.gridalarm.jobs.functions.NoClock;
import io.gridalarm.jobs.functions.OrderReads;
import io.gridalarm.jobs.functions.PlaceByArrival;
import io.gridalarm.jobs.functions.RouteAlarms;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.jobs.functions.SilenceSchedule;
import io.gridalarm.jobs.functions.SimulateArrivalClocks;
import io.gridalarm.jobs.functions.ValidateLines;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.ReadLimits;
import io.gridalarm.model.RecordKind;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetException;
import io.gridalarm.rules.Thresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
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
     * Validated events (duplicates dropped) and reads, each on its own clock (either may be null, not both), the
     * dead letters of every input line, and each validation subtask's latest event time (and, for reads, the
     * reads' own), sent when its input ends.
     */
    public record Inputs(DataStream<MeterRecord> events, DataStream<MeterRecord> reads,
                         DataStream<DeadLetter> deadLetters, DataStream<ControlMessage> lastEventTimes) {

        /** Events and reads together. */
        public DataStream<MeterRecord> records() {
            return events == null ? reads : reads == null ? events : events.union(reads);
        }
    }

    /**
     * Validates event and read lines (either may be null, not both), stamps event time (each input with its own
     * watermarks: alerts arrive in seconds, reads a day later) and drops re-delivered events.
     */
    public static Inputs validated(DataStream<NumberedLine> eventLines, DataStream<NumberedLine> readLines,
                                   String registry, ReadLimits limits, WatermarkStrategy<MeterRecord> eventTime,
                                   WatermarkStrategy<MeterRecord> readTime, Duration duplicateHorizon) {
        DataStream<MeterRecord> events = null;
        DataStream<MeterRecord> reads = null;
        DataStream<DeadLetter> deadLetters = null;
        DataStream<ControlMessage> ends = null;
        if (eventLines != null) {
            SingleOutputStreamOperator<MeterRecord> validEvents = eventLines
                    .process(new ValidateLines(RecordKind.EVENT, registry, limits), GridAlarmTypes.METER_RECORD)
                    .uid("validate-events")
                    .name("validate events");
            deadLetters = validEvents.getSideOutput(ValidateLines.DEAD_LETTERS);
            ends = validEvents.transform("last event time of events", Types.LONG, new LastEventTime())
                    .uid("last-event-time-events")
                    .map(ControlMessage::inputEnd, GridAlarmTypes.CONTROL).uid("input-end-control").name("input end");
            events = validEvents.assignTimestampsAndWatermarks(eventTime).uid("event-time-events")
                    .name("event time of events")
                    .keyBy(record -> record.event().eventId(), Types.STRING)
                    .process(new DropDuplicateEvents(duplicateHorizon), GridAlarmTypes.METER_RECORD)
                    .uid("drop-duplicate-events")
                    .name("drop duplicate events");
        }
        if (readLines != null) {
            SingleOutputStreamOperator<MeterRecord> validReads = readLines
                    .process(new ValidateLines(RecordKind.READ, registry, limits), GridAlarmTypes.METER_RECORD)
                    .uid("validate-reads")
                    .name("validate reads");
            DataStream<DeadLetter> readDeadLetters = validReads.getSideOutput(ValidateLines.DEAD_LETTERS);
            DataStream<ControlMessage> readsEnd = validReads
                    .transform("last event time of reads", Types.LONG, new LastEventTime())
                    .uid("last-event-time-reads")
                    .flatMap((Long time, Collector<ControlMessage> out) -> {
                        out.collect(ControlMessage.inputEnd(time));
                        out.collect(ControlMessage.readsEnd(time));
                    }, GridAlarmTypes.CONTROL).uid("reads-end-control").name("reads end");
            ends = ends == null ? readsEnd : ends.union(readsEnd);
            reads = validReads.assignTimestampsAndWatermarks(readTime).uid("event-time-reads")
                    .name("event time of reads");
            deadLetters = deadLetters == null ? readDeadLetters : deadLetters.union(readDeadLetters);
        }
        if (events == null && reads == null) {
            throw new IllegalArgumentException("A pipeline needs event lines, read lines or both.");
        }
        return new Inputs(events, reads, deadLetters, ends);
    }

    /**
     * Evaluates the rule set keyed by network location; {@code control} carries the input's last event time
     * (bounded runs) or rule-set versions published while running (accepted only when signed by one of the
     * {@code trustedKeys}), and {@code order} says how each key's records arrive.
     * On a stream the reads must come {@link #inReadOrder in read order}, so the operator's clock is the alerts'.
     */
    public static SingleOutputStreamOperator<Alarm> evaluated(DataStream<MeterRecord> records,
                                                              DataStream<ControlMessage> control, String ruleSet,
                                                              String registry, RuleEngine engine,
                                                              InputOrder order,
                                                              Map<String, String> trustedKeys,
                                                              Duration readsLateness) {
        return records
                .keyBy(record -> NetworkLocation.keyOf(record.meter()), Types.STRING)
                .connect(control.broadcast(EvaluateRules.INPUT_END, EvaluateRules.RULE_SETS))
                .process(new EvaluateRules(ruleSet, registry, engine, order, trustedKeys, readsLateness),
                        GridAlarmTypes.ALARM)
                .uid("evaluate-rules").name("evaluate rules");
    }

    /**
     * A stream's reads in event-time order per network location, on the reads' own watermark, then stripped of
     * that watermark: the rule operator evaluates them as they come and keeps the alerts' clock as its own. Among
     * them comes word of the reads' progress where a location's reads stopped ({@code silence}: when; null for
     * never).
     */
    public static DataStream<MeterRecord> inReadOrder(DataStream<MeterRecord> reads, SilenceSchedule silence) {
        return reads.keyBy(record -> NetworkLocation.keyOf(record.meter()), Types.STRING)
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
                .process(new PlaceByArrival(), Types.TUPLE(GridAlarmTypes.METER_RECORD, Types.LONG))
                .uid("place-by-arrival").name("where the live job evaluated each record")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple2<MeterRecord, Long>>noWatermarks()
                        .withTimestampAssigner((placedRecord, previous) -> placedRecord.f1))
                .uid("position-time").name("position as time")
                .map(placedRecord -> placedRecord.f0, GridAlarmTypes.METER_RECORD)
                .uid("placed-records").name("placed records");
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

    /** Access control: one line per entitled party and one audit line per decision. */
    public static DataStream<OutputLine> routed(DataStream<Alarm> alarms, String registry) {
        return alarms.process(new RouteAlarms(registry)).uid("route-alarms")
                .name("route alarms under access control");
    }

    /** Dead letters as output lines. */
    public static DataStream<OutputLine> deadLetterLines(DataStream<DeadLetter> deadLetters) {
        return deadLetters.map(new DeadLetterLines()).uid("dead-letter-lines").name("dead letters");
    }
}
