package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** Live watermarks: behind the latest record by the bound while records flow, up to it once the input is quiet. */
class QuietFlushWatermarksTest {

    private static final class Recorder implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }
    }

    @Test
    void theWatermarkTrailsByTheBoundThenCatchesUpWhenTheInputIsQuiet() throws Exception {
        QuietFlushWatermarks generator = new QuietFlushWatermarks(Duration.ofSeconds(2), Duration.ofMillis(50));
        Recorder out = new Recorder();
        generator.onPeriodicEmit(out);
        assertTrue(out.watermarks.isEmpty(), "no watermark before the first record");
        generator.onEvent(null, 10_000L, out);
        generator.onEvent(null, 9_000L, out);
        generator.onPeriodicEmit(out);
        assertEquals(List.of(10_000L - 2_000L - 1), out.watermarks);
        Thread.sleep(80);
        generator.onPeriodicEmit(out);
        assertEquals(10_000L, out.watermarks.get(1), "everything received is complete after a quiet period");
    }
}
