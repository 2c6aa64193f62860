package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.MeterHistory;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The registry's say in the joins' clocks: it holds them until the snapshot is read, then is idle, never the end. */
class ChangelogClockTest {

    @Test
    void holdsTimeUntilTheSnapshotEndsThenFallsIdleWithoutEndingTime() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = new OneInputStreamOperatorTestHarness<>(new ChangelogClock<>())) {
            h.open();
            h.processElement(new StreamRecord<>(MeterHistory.removed("M1"), Long.MIN_VALUE));
            h.processWatermark(1_000L);
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertEquals(1, h.getOutput().size(), "while the snapshot is read: its rows, no time, no idleness");
            h.processWatermark(Long.MAX_VALUE);
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of(WatermarkStatus.IDLE), h.getOutput().stream()
                    .filter(o -> o instanceof WatermarkStatus).toList(), "read: idle, once");
            assertTrue(h.getOutput().stream().noneMatch(o -> o instanceof Watermark), "the snapshot's end of "
                    + "time would end the joins' time whenever the inputs fall idle");
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = new OneInputStreamOperatorTestHarness<>(new ChangelogClock<>())) {
            h.initializeState(checkpoint);
            h.open();
            h.setProcessingTime(1);
            assertEquals(List.of(WatermarkStatus.IDLE), h.getOutput().stream()
                    .filter(o -> o instanceof WatermarkStatus).toList(), "restored: the registry is in state already, "
                    + "and a finished snapshot source may never say it has ended again");
        }
    }
}
