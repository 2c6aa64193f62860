package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The clock after the registry join: from matched records only, per source partition (the least of them), behind
 * the latest by the out-of-order bound until the input is quiet, never moved by a line from the future, never ahead
 * of the join, which holds it while the registry is still being read; it ends only when its input does.
 */
class ClockAfterRegistryTest {

    private static final int FIRST = 1;
    private static final int SECOND = 2;

    private static OneInputStreamOperatorTestHarness<Tuple2<MeterRecord, Integer>, MeterRecord> harness()
            throws Exception {
        return harness(null, Duration.ofHours(1));
    }

    private static OneInputStreamOperatorTestHarness<Tuple2<MeterRecord, Integer>, MeterRecord> harness(
            OperatorSubtaskState restored, Duration quiet) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ClockAfterRegistry(Duration.ofSeconds(2), quiet, true));
        h.getExecutionConfig().setAutoWatermarkInterval(100);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private static void send(OneInputStreamOperatorTestHarness<Tuple2<MeterRecord, Integer>, MeterRecord> h,
                             String start, int partition) throws Exception {
        MeterRecord read = Fixtures.read(start, 240);
        h.processElement(new StreamRecord<>(Tuple2.of(read, partition), Fixtures.millis(read)));
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<?, ?> h) {
        return h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp())
                .toList();
    }

    @Test
    void timeWaitsForTheJoinThenIsTheLeastOfThePartitions() throws Exception {
        try (var h = harness()) {
            send(h, "2026-11-20T10:00:00Z", FIRST);
            send(h, "2026-11-20T09:00:00Z", SECOND);
            h.setProcessingTime(100);
            assertTrue(watermarks(h).isEmpty(), "the join still reads the registry: its watermark is at the start");
            h.processWatermark(Long.MAX_VALUE);
            long nineThirty = Fixtures.millis(Fixtures.read("2026-11-20T09:00:00Z", 0));
            assertEquals(List.of(nineThirty - 2_001), watermarks(h), "the second partition is behind: its clock "
                    + "holds, however far the first has gone");
            assertEquals(2, h.extractOutputValues().size(), "records pass as they came");
        }
    }

    @Test
    void aRestoredClockGoesOnFromWhereItHadComeThoughNoNewRecordComes() throws Exception {
        OperatorSubtaskState checkpoint;
        long tenThirty = Fixtures.millis(Fixtures.read("2026-11-20T10:00:00Z", 0));
        try (var h = harness(null, Duration.ofMillis(50))) {
            h.processWatermark(Long.MAX_VALUE);
            send(h, "2026-11-20T10:00:00Z", FIRST);
            Thread.sleep(80);
            h.setProcessingTime(100);
            assertEquals(List.of(tenThirty), watermarks(h), "quiet: everything received is complete");
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = harness(checkpoint, Duration.ofMillis(50))) {
            h.processWatermark(Long.MAX_VALUE);
            h.setProcessingTime(100);
            assertEquals(List.of(tenThirty), watermarks(h), "alerts held for the clock before the failure are let go");
        }
    }

    @Test
    void whenEveryPartitionFallsIdleTimeGoesAsFarAsTheFurthestThenTheInputIsIdle() throws Exception {
        try (var h = harness(null, Duration.ofMillis(40))) {
            h.processWatermark(Long.MAX_VALUE);
            send(h, "2026-11-20T10:00:00Z", FIRST);
            send(h, "2026-11-20T09:00:00Z", SECOND);
            Thread.sleep(50);
            h.setProcessingTime(100);
            long nineThirty = Fixtures.millis(Fixtures.read("2026-11-20T09:00:00Z", 0));
            assertEquals(nineThirty, watermarks(h).get(watermarks(h).size() - 1),
                    "quiet: each partition complete to its latest, the least of them");
            Thread.sleep(150);
            h.setProcessingTime(200);
            long tenThirty = Fixtures.millis(Fixtures.read("2026-11-20T10:00:00Z", 0));
            assertEquals(tenThirty, watermarks(h).get(watermarks(h).size() - 1),
                    "both idle: the last alerts are let go");
            assertTrue(h.getOutput().stream().anyMatch(o -> o instanceof WatermarkStatus status && status.isIdle()));
        }
    }

    @Test
    void aRecordDatedAheadOfTheWallClockDoesNotMoveTime() throws Exception {
        try (var h = harness()) {
            h.processWatermark(Long.MAX_VALUE);
            send(h, "2026-11-20T10:00:00Z", FIRST);
            MeterRecord future = Fixtures.read("2026-11-20T10:00:00Z", 240);
            h.processElement(new StreamRecord<>(Tuple2.of(future, FIRST),
                    System.currentTimeMillis() + ClockAfterRegistry.FUTURE_TOLERANCE_MILLIS + 60_000));
            h.setProcessingTime(100);
            long tenThirty = Fixtures.millis(Fixtures.read("2026-11-20T10:00:00Z", 0));
            assertEquals(List.of(tenThirty - 2_001), watermarks(h), "a line from the future (a wrong clock, a "
                    + "forgery) is no measure of time");
        }
    }

    @Test
    void registryNewsDoNotMoveTimeAndTheEndOfInputEndsIt() throws Exception {
        try (var h = harness()) {
            h.processWatermark(Long.MAX_VALUE);
            MeterRecord news = MeterRecord.registry(Fixtures.METER, MeterHistory.removed(Fixtures.METER.meterId()));
            h.processElement(new StreamRecord<>(Tuple2.of(news, MatchRegistry.NO_PARTITION),
                    MeterRecord.REGISTRY_TIME.toEpochMilli()));
            h.setProcessingTime(100);
            assertTrue(watermarks(h).isEmpty(), "registry news are not records of this input");
            h.endInput();
            assertEquals(List.of(Long.MAX_VALUE), watermarks(h));
        }
    }
}
