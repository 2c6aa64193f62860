package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.TimerGauge;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The clock after the registry join: the join's, kept in checkpoints so a restored job goes on from there. */
class ResumedClockTest {

    private static final long TEN = Fixtures.millis(Fixtures.read("2026-11-20T10:00:00Z", 0));

    private static OneInputStreamOperatorTestHarness<MeterRecord, MeterRecord> harness(
            OperatorSubtaskState restored, boolean progressive) throws Exception {
        return harness(restored, progressive, Duration.ofHours(1));
    }

    private static OneInputStreamOperatorTestHarness<MeterRecord, MeterRecord> harness(
            OperatorSubtaskState restored, boolean progressive, Duration quiet) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new ResumedClock(progressive, quiet));
        h.getExecutionConfig().setAutoWatermarkInterval(50);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<?, ?> h) {
        return h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp())
                .toList();
    }

    @Test
    void aRestoredClockGoesOnFromWhereItHadComeThoughNoNewRecordOrWatermarkComes() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness(null, true)) {
            h.processElement(new StreamRecord<>(Fixtures.read("2026-11-20T10:00:00Z", 240), TEN));
            h.processWatermark(TEN);
            h.processWatermark(TEN - 1_000);
            assertEquals(List.of(TEN), watermarks(h), "the join's clock passes, never backwards");
            assertEquals(1, h.extractOutputValues().size());
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = harness(checkpoint, true)) {
            assertTrue(watermarks(h).isEmpty());
            h.setProcessingTime(1);
            assertEquals(List.of(TEN), watermarks(h), "alerts held for the clock before the failure are let go");
            h.processWatermark(TEN - 5_000);
            assertEquals(List.of(TEN), watermarks(h), "the sources start again from nothing: no step back");
        }
    }

    @Test
    void whenTheJoinFallsIdleTimeGoesUpToTheLatestRecordPassedEvenOneHeldBeforeAFailure() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness(null, true)) {
            h.processElement(new StreamRecord<>(Fixtures.read("2026-11-20T10:00:00Z", 240), TEN));
            h.processWatermark(TEN - 2_001);
            checkpoint = h.snapshot(1, 1);
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertEquals(List.of(TEN - 2_001, TEN), watermarks(h), "idle: everything passed is complete");
            assertEquals(WatermarkStatus.IDLE, h.getOutput().stream().filter(o -> o instanceof WatermarkStatus)
                    .findFirst().orElseThrow(), "then the idleness passes on");
        }
        try (var h = harness(checkpoint, true)) {
            h.setProcessingTime(1);
            assertEquals(List.of(TEN - 2_001), watermarks(h));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertEquals(List.of(TEN - 2_001, TEN), watermarks(h), "no record comes after the restore: the alert "
                    + "held before the failure is let go once the sources fall idle");
        }
    }

    @Test
    void afterThreeQuietPeriodsTheLastRecordsGoThoughAQuietPartitionHoldsTheJoin() throws Exception {
        try (var h = harness(null, true, Duration.ofMillis(100))) {
            h.processElement(new StreamRecord<>(Fixtures.read("2026-11-20T10:00:00Z", 240), TEN));
            h.processWatermark(TEN - 3_600_000);
            h.setProcessingTime(250);
            assertEquals(List.of(TEN - 3_600_000), watermarks(h), "two quiet periods: the join's clock");
            h.setProcessingTime(300);
            assertEquals(List.of(TEN - 3_600_000, TEN), watermarks(h), "three: everything passed is complete");
        }
    }

    @Test
    void whileTheRulesDownstreamHoldThisTaskBackNothingFallsQuiet() throws Exception {
        try (var h = harness(null, true, Duration.ofMillis(100))) {
            h.processElement(new StreamRecord<>(Fixtures.read("2026-11-20T10:00:00Z", 240), TEN));
            TimerGauge backPressure = h.getEnvironment().getMetricGroup().getIOMetricGroup()
                    .getHardBackPressuredTimePerSecond();
            backPressure.markStart();
            h.setProcessingTime(60_000);
            assertTrue(watermarks(h).isEmpty(), "a minute held back is not a minute of silence");
            backPressure.markEnd();
            h.setProcessingTime(60_300);
            assertEquals(List.of(TEN), watermarks(h));
        }
    }

    @Test
    void idlenessPassesLiveButABatchRunKnowsNoWatermarkStatus() throws Exception {
        try (var live = harness(null, true); var batch = harness(null, false)) {
            live.processWatermarkStatus(WatermarkStatus.IDLE);
            batch.processWatermarkStatus(WatermarkStatus.IDLE);
            assertEquals(List.of(WatermarkStatus.IDLE), live.getOutput().stream()
                    .filter(o -> o instanceof WatermarkStatus).toList());
            assertTrue(batch.getOutput().stream().noneMatch(o -> o instanceof WatermarkStatus));
            batch.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of(Long.MAX_VALUE), watermarks(batch), "the end of a batch input ends its time");
        }
    }
}
