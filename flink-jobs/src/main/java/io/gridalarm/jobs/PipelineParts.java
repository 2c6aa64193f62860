package io.gridalarm.jobs;

import io.gridalarm.connectors.NumberedLine;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.functions.ControlMessage;
import io.gridalarm.jobs.functions.DeadLetterLines;
import io.gridalarm.jobs.functions.DropDuplicateEvents;
import io.gridalarm.jobs.functions.EvaluateRules;
import io.gridalarm.jobs.functions.LastEventTime;
import io.gridalarm.jobs.functions.RouteAlarms;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.jobs.functions.ValidateLines;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.RecordKind;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The stretches of pipeline that replay and live jobs share, whatever their sources and sinks: validation and
 * duplicate removal, rule evaluation by network location, and routing under access control.
 */
public final class PipelineParts {

    private PipelineParts() {
    }

    /**
     * Validated records of both kinds (duplicate events dropped), the dead letters of every input line, and each
     * validation subtask's latest event time, sent when its input ends.
     */
    public record Inputs(DataStream<MeterRecord> records, DataStream<DeadLetter> deadLetters,
                         DataStream<ControlMessage> lastEventTimes) {
    }

    /**
     * Validates event and read lines (either may be null, not both), stamps event time and drops re-delivered
     * events.
     */
    public static Inputs validated(DataStream<NumberedLine> eventLines, DataStream<NumberedLine> readLines,
                                   String registry, WatermarkStrategy<MeterRecord> eventTime,
                                   Duration duplicateHorizon) {
        DataStream<MeterRecord> records = null;
        DataStream<DeadLetter> deadLetters = null;
        DataStream<Long> lastEventTimes = null;
        if (eventLines != null) {
            SingleOutputStreamOperator<MeterRecord> events = eventLines
                    .process(new ValidateLines(RecordKind.EVENT, registry), GridAlarmTypes.METER_RECORD)
                    .uid("validate-events")
                    .name("validate events");
            deadLetters = events.getSideOutput(ValidateLines.DEAD_LETTERS);
            lastEventTimes = events.transform("last event time of events", Types.LONG, new LastEventTime())
                    .uid("last-event-time-events");
            records = events.assignTimestampsAndWatermarks(eventTime).uid("event-time-events")
                    .name("event time of events")
                    .keyBy(record -> record.event().eventId(), Types.STRING)
                    .process(new DropDuplicateEvents(duplicateHorizon), GridAlarmTypes.METER_RECORD)
                    .uid("drop-duplicate-events")
                    .name("drop duplicate events");
        }
        if (readLines != null) {
            SingleOutputStreamOperator<MeterRecord> reads = readLines
                    .process(new ValidateLines(RecordKind.READ, registry), GridAlarmTypes.METER_RECORD)
                    .uid("validate-reads")
                    .name("validate reads");
            DataStream<DeadLetter> readDeadLetters = reads.getSideOutput(ValidateLines.DEAD_LETTERS);
            DataStream<Long> readTimes = reads.transform("last event time of reads", Types.LONG, new LastEventTime())
                    .uid("last-event-time-reads");
            lastEventTimes = lastEventTimes == null ? readTimes : lastEventTimes.union(readTimes);
            DataStream<MeterRecord> timed = reads.assignTimestampsAndWatermarks(eventTime).uid("event-time-reads")
                    .name("event time of reads");
            records = records == null ? timed : records.union(timed);
            deadLetters = deadLetters == null ? readDeadLetters : deadLetters.union(readDeadLetters);
        }
        if (records == null) {
            throw new IllegalArgumentException("A pipeline needs event lines, read lines or both.");
        }
        return new Inputs(records, deadLetters, lastEventTimes.map(ControlMessage::inputEnd, GridAlarmTypes.CONTROL)
                .uid("input-end-control").name("input end"));
    }

    /**
     * Evaluates the rule set keyed by network location; {@code control} carries the input's last event time
     * (bounded runs) or rule-set versions published while running (accepted only when signed by one of the
     * {@code trustedKeys}), and {@code inputSortedByTime} says whether each key's records arrive in time order.
     */
    public static SingleOutputStreamOperator<Alarm> evaluated(DataStream<MeterRecord> records,
                                                              DataStream<ControlMessage> control, String ruleSet,
                                                              String registry, RuleEngine engine,
                                                              boolean inputSortedByTime,
                                                              Map<String, String> trustedKeys) {
        return records
                .keyBy(record -> NetworkLocation.keyOf(record.meter()), Types.STRING)
                .connect(control.broadcast(EvaluateRules.INPUT_END, EvaluateRules.RULE_SETS))
                .process(new EvaluateRules(ruleSet, registry, engine, inputSortedByTime, trustedKeys), GridAlarmTypes.ALARM)
                .uid("evaluate-rules").name("evaluate rules");
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
