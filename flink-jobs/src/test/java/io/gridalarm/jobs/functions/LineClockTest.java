package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.RecordKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * A live input's clock at its source, per partition: behind the latest line by the bound while lines flow, up to it
 * once the partition is quiet (on the activity clock, which stands still under back pressure); lines that do not
 * parse or claim a time far in the future move nothing.
 */
class LineClockTest {

    private static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");

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

    private static NumberedLine event(Instant time) {
        return new NumberedLine("events-0", 1, ("{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"fuel\":"
                + "\"ELECTRICITY\",\"code\":\"0x8F3F\",\"time\":\"" + time + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void see(LineClock clock, NumberedLine line, Recorder out) {
        clock.onEvent(line, new LineClock.LineTime(RecordKind.EVENT).extractTimestamp(line, Long.MIN_VALUE), out);
    }

    @Test
    void eachLineIsStampedWithItsOwnTimeAndALineThatDoesNotParseWithNone() {
        LineClock.LineTime events = new LineClock.LineTime(RecordKind.EVENT);
        assertEquals(TEN.toEpochMilli(), events.extractTimestamp(event(TEN), 0L));
        assertEquals(Long.MIN_VALUE, events.extractTimestamp(new NumberedLine("events-0", 2,
                "{\"meterId\":".getBytes(StandardCharsets.UTF_8)), 0L));
        assertEquals(Long.MIN_VALUE, new LineClock.LineTime(RecordKind.READ).extractTimestamp(event(TEN), 0L),
                "an alert sent to the reads topic is no read");
    }

    @Test
    void timeTrailsTheLatestLineByTheBoundThenCatchesUpOnceThePartitionIsQuiet() {
        ManualClock activity = new ManualClock();
        LineClock clock = new LineClock(Duration.ofSeconds(2), Duration.ofSeconds(1), activity);
        Recorder out = new Recorder();
        clock.onPeriodicEmit(out);
        assertTrue(out.watermarks.isEmpty(), "no time before the first line");
        see(clock, event(TEN), out);
        see(clock, event(TEN.minusSeconds(1)), out);
        clock.onPeriodicEmit(out);
        activity.advanceTime(Duration.ofMillis(999));
        clock.onPeriodicEmit(out);
        activity.advanceTime(Duration.ofMillis(1));
        clock.onPeriodicEmit(out);
        long ten = TEN.toEpochMilli();
        assertEquals(List.of(ten - 2_001, ten - 2_001, ten), out.watermarks);
    }

    @Test
    void junkAndLinesFromTheFutureMoveNothing() {
        ManualClock activity = new ManualClock();
        LineClock clock = new LineClock(Duration.ofSeconds(2), Duration.ofSeconds(1), activity);
        Recorder out = new Recorder();
        see(clock, event(TEN), out);
        see(clock, new NumberedLine("events-0", 2, "not json".getBytes(StandardCharsets.UTF_8)), out);
        see(clock, event(Instant.now().plus(Duration.ofDays(2))), out);
        activity.advanceTime(Duration.ofSeconds(5));
        clock.onPeriodicEmit(out);
        assertEquals(List.of(TEN.toEpochMilli()), out.watermarks, "a forged or broken clock is no measure of time");
    }
}
