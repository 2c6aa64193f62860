package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxDatabases;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.Json;
import io.gridalarm.model.PartyType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * An alarm as delivered to one party (after access control) as an InfluxDB point in measurement {@code alarm}.
 * The alarm id, status and party are tags and the emission time is the timestamp, so the same delivery written
 * twice is one point.
 */
public final class AlarmPoints implements FlatMapFunction<OutputLine, InfluxPoint> {

    private static final long serialVersionUID = 1L;
    public static final String MEASUREMENT = "alarm";

    @Override
    public void flatMap(OutputLine line, Collector<InfluxPoint> out) throws Exception {
        PartyType partyType = OutputLine.partyTypeOf(line.bucket());
        if (partyType == null) {
            return;
        }
        Alarm alarm = Json.mapper().readValue(line.text(), Alarm.class);
        out.collect(of(alarm, partyType, line.bucket().substring(partyType.slug().length() + 1)));
    }

    /** The point of one delivery. */
    public static InfluxPoint of(Alarm alarm, PartyType partyType, String party) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("alarmId", alarm.alarmId());
        tags.put("status", alarm.status().name());
        tags.put("kind", alarm.kind());
        tags.put("severity", alarm.severity().name());
        tags.put("level", alarm.scope().level().name());
        tags.put(InfluxDatabases.PARTY_TYPE_TAG, partyType.slug());
        tags.put(InfluxDatabases.PARTY_TAG, party);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("scope", alarm.scope().id());
        fields.put("rule", alarm.rule());
        fields.put("ruleSet", alarm.ruleSet());
        fields.put("meters", alarm.meterCount());
        fields.put("startTime", alarm.startTime().toEpochMilli());
        if (alarm.details().get("customersInterrupted") instanceof Number ci) {
            fields.put("customersInterrupted", ci.longValue());
        }
        if (alarm.details().get("customerMinutesLost") instanceof Number cml) {
            fields.put("customerMinutesLost", cml.doubleValue());
        }
        if (alarm.details().get(ReliabilityFigures.SECONDS_LOST) instanceof Number lost) {
            fields.put(ReliabilityFigures.SECONDS_LOST, lost.longValue());
        }
        return new InfluxPoint(MEASUREMENT, tags, fields, alarm.time().toEpochMilli());
    }

}
