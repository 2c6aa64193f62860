package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The rule operator on a stream holds a location's roll-up and deadlines in memory between checkpoints: what a
 * checkpoint takes has every change before it, on RocksDB as on the heap.
 */
class EvaluateRulesOperatorTest {

    /** The fixture registry's twelve meters of substation S1: seven on feeder F1, five on F2. */
    private static final List<RegistryRow> SUBSTATION = Stream.concat(
            Stream.of(Fixtures.METER, Fixtures.NEIGHBOUR),
            Stream.of("F1", "F1", "F1", "F1", "F1", "F2", "F2", "F2", "F2", "F2").map(new Object() {
                private int i;

                RegistryRow next(String feeder) {
                    return Fixtures.onFeeder(feeder, i++ % 5 + 1);
                }
            }::next)).toList();

    /**
     * A storm on one substation, the records as a stream brings them: every meter off within seconds (the alerts
     * out of order and one twice), F1 back at 11:00 but for one meter, F2 at 11:30, the last meter at 13:00.
     */
    private static List<List<MeterRecord>> stormInStages() {
        List<MeterRecord> off = new ArrayList<>();
        for (int m = SUBSTATION.size() - 1; m >= 0; m--) {
            off.add(Fixtures.event(SUBSTATION.get(m), "off" + m, "0x8F57",
                    Instant.parse("2026-11-20T10:00:00Z").plusSeconds(m)));
        }
        off.add(off.get(3));
        List<MeterRecord> firstBack = new ArrayList<>();
        List<MeterRecord> secondBack = new ArrayList<>();
        for (int m = 0; m < SUBSTATION.size(); m++) {
            RegistryRow meter = SUBSTATION.get(m);
            if (m == 0) {
                continue;
            }
            boolean f1 = meter.feederId().equals("F1");
            (f1 ? firstBack : secondBack).add(Fixtures.event(meter, "back" + m, "0x8F36",
                    f1 ? "2026-11-20T11:00:00Z" : "2026-11-20T11:30:00Z"));
        }
        List<MeterRecord> last = List.of(Fixtures.event(SUBSTATION.get(0), "back0", "0x8F36", "2026-11-20T13:00:00Z"));
        return List.of(off, firstBack, secondBack, last);
    }

    /** When each stage's records have come, the alerts' clock moves to this instant (after the last: to its end). */
    private static final List<String> WATERMARK_AFTER = List.of("2026-11-20T10:00:30Z", "2026-11-20T11:10:00Z",
            "2026-11-20T11:40:00Z", "+1000000000-12-31T23:59:59.999999999Z");

    private static void stage(KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h,
                              int stage) throws Exception {
        for (MeterRecord record : stormInStages().get(stage)) {
            h.processElement(record, record.time().toEpochMilli());
        }
        Instant clock = Instant.parse(WATERMARK_AFTER.get(stage));
        h.watermark(clock.equals(Instant.MAX) ? Long.MAX_VALUE : clock.toEpochMilli());
    }

    private static List<String> lines(List<Alarm> alarms) {
        return alarms.stream().map(io.gridalarm.model.Json::line).toList();
    }

    @Test
    void aStormCheckpointedAfterEveryStageOnRocksDbAndRestoredGivesTheAlarmsOfOneUninterruptedRun()
            throws Exception {
        List<String> uninterrupted;
        try (var h = Fixtures.evaluateRulesOnAStream(RuleEngine.DROOLS, null, null)) {
            for (int stage = 0; stage < WATERMARK_AFTER.size(); stage++) {
                stage(h, stage);
            }
            uninterrupted = lines(h.extractOutputValues());
        }
        assertTrue(uninterrupted.size() >= 4, "the substation raised, updated as it comes back, cleared, and its "
                + "straggler's nested outage: " + uninterrupted);

        List<String> restored = new ArrayList<>();
        OperatorSubtaskState snapshot = null;
        for (int stage = 0; stage < WATERMARK_AFTER.size(); stage++) {
            try (var h = Fixtures.evaluateRulesOnAStream(RuleEngine.DROOLS, new EmbeddedRocksDBStateBackend(),
                    snapshot)) {
                stage(h, stage);
                restored.addAll(lines(h.extractOutputValues()));
                // As a task takes a checkpoint: the operator is told before the barrier, then its state is taken.
                h.prepareSnapshotPreBarrier(stage + 1);
                snapshot = h.snapshot(stage + 1, 0L);
                if (stage == WATERMARK_AFTER.size() - 1) {
                    assertEquals(0, h.numEventTimeTimers(), "nothing waits once every meter is back");
                    assertEquals(0L, keys(h, "outage-roll-up") + keys(h, "deadlines"),
                            "no roll-up or deadline is kept once every meter is back");
                }
            }
        }
        assertEquals(uninterrupted, restored, "each restore carried on from all that happened before its checkpoint");
    }

    @Test
    void aLocationsRollUpIsHeldInMemoryAndWrittenToFlinkStateBeforeTheCheckpointsBarrier() throws Exception {
        try (var h = Fixtures.evaluateRulesOnAStream(RuleEngine.DROOLS, null, null)) {
            stage(h, 0);
            h.watermark(Instant.parse("2026-11-20T10:10:00Z").toEpochMilli());
            assertEquals(1, h.extractOutputValues().size(), "the substation's outage, raised");
            assertEquals(0L, keys(h, "outage-roll-up"), "held: not written for each of its meters");
            h.prepareSnapshotPreBarrier(1L);
            assertEquals(1L, keys(h, "outage-roll-up"), "written once, before the checkpoint");
            stage(h, 1);
            stage(h, 2);
            stage(h, 3);
            assertEquals(1L, keys(h, "outage-roll-up"), "cleared in memory; Flink's state has the last checkpoint's");
            h.prepareSnapshotPreBarrier(2L);
            assertEquals(0L, keys(h, "outage-roll-up"), "and the clear is written before the next");
        }
    }

    @Test
    void readsWaitingForTheAlertsClockAreCheckpointedAndGoOnceTheRestoredJobsClockPassesThem() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = Fixtures.evaluateRulesOnAStream(RuleEngine.DROOLS, new EmbeddedRocksDBStateBackend(), null)) {
            // A job catching up: the reads came before the alerts of their time.
            for (String start : List.of("2026-11-20T10:00:00Z", "2026-11-20T10:30:00Z", "2026-11-20T11:00:00Z")) {
                MeterRecord read = Fixtures.read(start, 259);
                h.processElement(read, read.time().toEpochMilli());
            }
            assertEquals(List.of(), h.extractOutputValues(), "the reads wait for the alerts' clock");
            assertEquals(1, h.numProcessingTimeTimers(), "the location will look again at its held reads");
            h.prepareSnapshotPreBarrier(1L);
            snapshot = h.snapshot(1L, 0L);
        }
        try (var h = Fixtures.evaluateRulesOnAStream(RuleEngine.DROOLS, new EmbeddedRocksDBStateBackend(),
                snapshot)) {
            assertEquals(1, h.numProcessingTimeTimers(), "the look is restored with the held reads");
            h.watermark(Instant.parse("2026-11-20T11:30:00Z").toEpochMilli());
            assertEquals(List.of("EXTREME_VOLTAGE:RAISED"), h.extractOutputValues().stream()
                    .map(alarm -> alarm.kind() + ":" + alarm.status()).toList(),
                    "the restored job's alerts' clock passed the reads: they went, in time order");
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numProcessingTimeTimers(), "nothing is held, so the location stopped looking");
        }
    }

    /** Reads of METER from 10:00 to 12:00, high for the first three, then in range, as a night's batch brings them. */
    private static List<MeterRecord> highThenNormalReads() {
        List<MeterRecord> reads = new ArrayList<>();
        for (String start : List.of("2026-11-20T10:00:00Z", "2026-11-20T10:30:00Z", "2026-11-20T11:00:00Z")) {
            reads.add(Fixtures.read(start, 259));
        }
        for (String start : List.of("2026-11-20T11:30:00Z", "2026-11-20T12:00:00Z")) {
            reads.add(Fixtures.read(start, 240));
        }
        return reads;
    }

    /** The alarms the rule operator on a stream gives for the reads, held until the alerts' clock passes 13:00. */
    private static List<String> alarmsOfHeldReads(List<MeterRecord> reads) throws Exception {
        try (var h = Fixtures.evaluateRulesOnAStream(RuleEngine.DROOLS, null, null)) {
            for (MeterRecord read : reads) {
                h.processElement(read, read.time().toEpochMilli());
            }
            assertEquals(List.of(), h.extractOutputValues(), "the reads wait for the alerts' clock");
            h.watermark(Instant.parse("2026-11-20T13:00:00Z").toEpochMilli());
            return lines(h.extractOutputValues());
        }
    }

    @Test
    void aReadDeliveredAgainWhileHeldGivesTheAlarmsOfOneDelivery() throws Exception {
        List<MeterRecord> once = highThenNormalReads();
        List<String> expected = alarmsOfHeldReads(once);
        assertEquals(2, expected.size(), "raised and cleared: " + expected);
        List<MeterRecord> twice = new ArrayList<>(once);
        twice.add(1, once.get(1));
        twice.add(once.get(3));
        assertEquals(expected, alarmsOfHeldReads(twice));
    }

    @Test
    void aReadDatedFarAheadHoldsBackNoneOfTheReadsBeforeIt() throws Exception {
        List<MeterRecord> reads = new ArrayList<>(highThenNormalReads());
        List<String> expected = alarmsOfHeldReads(reads);
        reads.add(0, Fixtures.read("2100-01-01T00:00:00Z", 400));
        assertEquals(expected, alarmsOfHeldReads(reads));
    }

    /** How many keys hold the named state in Flink's state backend itself (what a checkpoint would take now). */
    private static long keys(KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h,
                             String state) throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) h.getOperator();
        try (var keys = operator.getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }
}
