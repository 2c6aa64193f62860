package io.gridalarm.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.NumberedLineSource;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.InputException;
import io.gridalarm.model.Json;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live pipeline whole, on the embedded MiniCluster, with file sources and collecting sinks in place of Kafka
 * and InfluxDB: what reaches each sink, the filter that keeps reliability lines off Kafka, the half-hourly feeder
 * voltage windows, the alarm and reliability points.
 */
class LiveJobITCase {

    @TempDir
    Path dir;

    @Test
    void theLiveTailSendsPartyAlarmsDeadLettersAndAuditToKafkaAndVoltageAlarmAndReliabilityPointsToInflux()
            throws Exception {
        Path registry = Files.writeString(dir.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n"
                        + "M1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01T00:00:00Z\n"
                        + "M2,ELECTRICITY,F1,S1,10,BRVO,2025-01-01T00:00:00Z\n"
                        + "M3,ELECTRICITY,F1,S1,10,ALFA,2025-01-01T00:00:00Z\n"
                        + "M4,ELECTRICITY,F1,S1,10,ALFA,2025-01-01T00:00:00Z\n");
        StringBuilder events = new StringBuilder();
        events.append(event("t1", "M1", "0x8F3F", "10:05:00")).append("not json at all\n");
        for (int m = 1; m <= 4; m++) {
            events.append(event("off" + m, "M" + m, "AD1", "10:10:0" + m));
        }
        for (int m = 1; m <= 4; m++) {
            events.append(event("on" + m, "M" + m, "0x8F35", "11:10:0" + m));
        }
        // Out of order by a few seconds, as a stream delivers them: evaluated in time order all the same.
        events.append(event("t2", "M2", "0x8F3F", "10:04:58"));
        Path eventFile = Files.writeString(dir.resolve("events.jsonl"), events);
        Path readFile = Files.writeString(dir.resolve("reads.jsonl"), read("M1", 239, 240, 241)
                + read("M2", 234, 235, 236));
        Path noRuleSets = Files.writeString(dir.resolve("rule-sets.jsonl"), "");

        LiveSettings settings = LiveSettings.builder().bootstrapServers("unused:9092").registry(registry)
                .ruleSet(Fixtures.DEFAULT_RULES).engine(RuleEngine.DROOLS).build();
        CollectingSink<OutputLine> kafka = new CollectingSink<>();
        CollectingSink<InfluxPoint> influx = new CollectingSink<>();
        Configuration conf = LiveJob.configuration(settings);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        List<MeterHistory> histories = histories(registry);
        LiveJob.buildPipeline(env, settings, new LiveConnections(NumberedLineSource.builder().file(eventFile).build(),
                NumberedLineSource.builder().file(readFile).build(), null, null,
                NumberedLineSource.builder().file(noRuleSets).build(), withHistories -> withHistories.fromData(
                        histories, GridAlarmTypes.METER_HISTORY).uid("registry").name("registry"), null,
                kafka, influx));
        env.execute("live pipeline without a broker");

        Map<String, List<String>> byBucket = kafka.received().stream().collect(Collectors.groupingBy(
                OutputLine::bucket, TreeMap::new, Collectors.mapping(OutputLine::tag, Collectors.toList())));
        assertEquals(List.of("TAMPER"), byBucket.get("supplier/ALFA"));
        assertEquals(List.of("TAMPER"), byBucket.get("supplier/BRVO"));
        assertEquals(List.of("OUTAGE", "OUTAGE"), byBucket.get("network-operator/10"), "one feeder outage, "
                + "raised and cleared, instead of four meter outages");
        assertEquals(List.of("BAD_JSON"), byBucket.get(OutputLine.DEAD_LETTERS));
        assertTrue(byBucket.containsKey(OutputLine.AUDIT));
        assertFalse(byBucket.containsKey(OutputLine.RELIABILITY), "reliability figures are not for Kafka");
        Alarm cleared = kafka.received().stream().filter(l -> l.bucket().equals("network-operator/10"))
                .map(LiveJobITCase::alarm).filter(a -> a.status() == AlarmStatus.CLEARED)
                .findFirst().orElseThrow();
        assertEquals(4, ((Number) cleared.details().get("customersInterrupted")).intValue());

        List<InfluxPoint> points = influx.received();
        InfluxPoint voltage = points.stream().filter(p -> p.measurement().equals("feeder_voltage")).findFirst()
                .orElseThrow();
        assertEquals(Map.of("networkOperator", "10", "substation", "S1", "feeder", "F1"), voltage.tags());
        assertEquals(new TreeMap<>(Map.of("min", "234.0", "max", "241.0", "mean", "237.5", "reads", "2")),
                new TreeMap<>(voltage.fields().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().toString()))));
        // Windows go by a read's event time, its end: the 10:00-10:30 reads land in the window that starts at 10:30.
        assertEquals(Fixtures.T10_30.toEpochMilli(), voltage.timeMillis(), "stamped with its window's start");
        assertEquals(4, points.stream().filter(p -> p.measurement().equals("alarm")).count(),
                "one point per delivery: two tampers, the feeder outage raised and cleared");
        long customersInterrupted = points.stream().filter(p -> p.measurement().equals("reliability")
                        && p.tags().get("measure").equals("customersInterrupted"))
                .mapToLong(p -> ((Number) p.fields().get("value")).longValue()).max().orElse(0);
        assertEquals(4, customersInterrupted);
    }

    private static Alarm alarm(OutputLine line) {
        try {
            return Json.mapper().readValue(line.text(), Alarm.class);
        } catch (Exception e) {
            throw new IllegalStateException(line.text(), e);
        }
    }

    private static String event(String id, String meter, String code, String time) {
        return "{\"eventId\":\"" + id + "\",\"meterId\":\"" + meter + "\",\"fuel\":\"ELECTRICITY\",\"code\":\"" + code
                + "\",\"time\":\"2026-11-20T" + time + "Z\"}\n";
    }

    private static String read(String meter, double min, double avg, double max) {
        return "{\"meterId\":\"" + meter + "\",\"fuel\":\"ELECTRICITY\",\"start\":\"2026-11-20T10:00:00Z\","
                + "\"minutes\":30,\"importKwh\":0.3,\"exportKwh\":0.0,\"voltageMin\":" + min + ",\"voltageAvg\":" + avg
                + ",\"voltageMax\":" + max + "}\n";
    }

    /** Each meter's history in the registry file, as the registry topic would hold it. */
    private static List<MeterHistory> histories(Path registryFile) throws InputException {
        Registry registry = RegistryCsv.read(registryFile);
        return registry.meterIds().stream().sorted().map(registry::history).toList();
    }
}
