package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.PipelineParts;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.rules.CommandLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly detection operator on a stream: alarms on the watermark, routed, and no state or timer left after. */
class WatchCommandRatesTest {

    @TempDir
    Path dir;

    private KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, MeterRecord>, OutputLine> harness()
            throws Exception {
        // Ten minutes; more than 2 disables is a warning, more than 3 held; the fleet's levels are far above.
        return harness("*,7.2,10,2,3\nfleet,7.2,10,100,200\n");
    }

    private KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, MeterRecord>, OutputLine> harness(
            String limits) throws Exception {
        Path rules = Fixtures.copyDefaultRules(dir);
        Files.writeString(rules.resolve(CommandLimits.FILE), "user,service,windowMinutes,warning,quarantine\n"
                + limits);
        var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new WatchCommandRates(PipelineParts.shipped(rules)), (Tuple2<String, MeterRecord> t) -> t.f0,
                Types.STRING);
        h.open();
        return h;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, MeterRecord>, OutputLine> h,
                             MeterRecord request) throws Exception {
        List<Tuple2<String, MeterRecord>> counters = new ArrayList<>();
        WatchCommandRates.countersOf(request, new ListCollector<>(counters));
        for (Tuple2<String, MeterRecord> counted : counters) {
            h.processElement(counted, Fixtures.millis(request));
        }
    }

    private static String status(OutputLine line) {
        return line.text().replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1");
    }

    private static String at(int minute, int second) {
        return Instant.parse("2026-11-20T02:00:00Z").plus(Duration.ofMinutes(minute).plusSeconds(second)).toString();
    }

    @Test
    void aBurstIsWarnedThenHeldOnTheWatermarkAndLeavesNoStateOrTimersOnceTheWindowHasSlidPast() throws Exception {
        try (var h = harness()) {
            for (int i = 1; i <= 4; i++) {
                send(h, Fixtures.request(Fixtures.METER, "r" + i, DuisService.DISABLE_SUPPLY, at(i, 0)));
            }
            // a supply status read is not critical: not counted
            send(h, Fixtures.request(Fixtures.METER, "s1", DuisService.READ_SUPPLY_STATUS, at(4, 30)));
            assertEquals(List.of(), h.extractOutputValues(), "nothing is counted before the clock reaches it");
            h.processWatermark(Instant.parse(at(4, 0)).toEpochMilli());
            List<String> parties = h.extractOutputValues().stream().filter(l -> !l.bucket().equals(OutputLine.AUDIT))
                    .map(l -> l.tag() + " " + l.bucket()).toList();
            assertEquals(List.of("ANOMALY_WARNING supplier/ALFA", "ANOMALY_QUARANTINE supplier/ALFA",
                    "ANOMALY_QUARANTINE security/soc"), parties);
            assertTrue(h.numKeyedStateEntries() > 0);

            h.processWatermark(Instant.parse(at(20, 0)).toEpochMilli());
            List<String> all = h.extractOutputValues().stream().filter(l -> !l.bucket().equals(OutputLine.AUDIT))
                    .map(l -> l.tag() + " " + l.bucket() + " " + status(l)).toList();
            assertEquals(List.of("ANOMALY_QUARANTINE supplier/ALFA CLEARED", "ANOMALY_QUARANTINE security/soc CLEARED",
                    "ANOMALY_WARNING supplier/ALFA CLEARED"), all.subList(3, all.size()),
                    "the quarantine cleared as r1 left the window (3 left), the warning as r2 left (2 left)");
            assertEquals(0, h.numKeyedStateEntries(), "no window kept once every request has left it");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aBurstSpreadOverManyUsersEachBelowItsLevelsIsCaughtByTheFleetsCountForSecurityAlone() throws Exception {
        try (var h = harness("*,7.2,10,2,3\nfleet,7.2,10,5,8\n")) {
            int n = 0;
            for (String user : List.of("U1", "U2", "U3", "U4", "U5")) {
                for (int i = 0; i < 2; i++) {
                    RegistryRow meter = new RegistryRow("M" + n, Fuel.ELECTRICITY, "F1", "S1", "12", user,
                            Fixtures.REGISTERED);
                    send(h, Fixtures.request(meter, user + "-" + i, DuisService.DISABLE_SUPPLY, at(0, n++ * 10)));
                }
            }
            h.processWatermark(Instant.parse(at(5, 0)).toEpochMilli());
            List<String> parties = h.extractOutputValues().stream().filter(l -> !l.bucket().equals(OutputLine.AUDIT))
                    .map(l -> l.tag() + " " + l.bucket() + " " + status(l)).toList();
            assertEquals(List.of("ANOMALY_WARNING security/soc RAISED", "ANOMALY_QUARANTINE security/soc RAISED",
                    "ANOMALY_QUARANTINE security/soc UPDATED"), parties, "no user passed its own level of 2; "
                    + "the fleet's 6th passed 5, its 9th and 10th were held, and no user hears of the others'");
        }
    }
}
