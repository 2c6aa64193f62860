package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T10_30;
import static io.gridalarm.jobs.Fixtures.T11_00;
import static io.gridalarm.jobs.Fixtures.millis;
import static io.gridalarm.jobs.Fixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * A day's batch of reads, in any order, handed on in time order per location on the reads' own watermark, and word
 * of the reads' progress where a location's reads stopped.
 */
class OrderReadsTest {

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private static KeyedOneInputStreamOperatorTestHarness<String, MeterRecord, MeterRecord> harness()
            throws Exception {
        return harness(null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MeterRecord, MeterRecord> harness(
            SilenceSchedule silence) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new OrderReads(silence), record -> "F1",
                Types.STRING);
    }

    /** No state, no timer: the location is forgotten until it sends again. */
    private static void assertNothingLeft(KeyedOneInputStreamOperatorTestHarness<String, MeterRecord, MeterRecord> h) {
        assertEquals(0, h.numKeyedStateEntries(), "no state left");
        assertEquals(0, h.numEventTimeTimers(), "no event-time timer left");
        assertEquals(0, h.numProcessingTimeTimers(), "no processing-time timer left");
    }

    private static MeterRecord through(Instant instant) {
        return MeterRecord.readsThrough(METER, instant);
    }

    @Test
    void aBatchInMeterOrderComesOutInTimeOrderWithTiesInTheFixedOrderAndLeavesNothing() throws Exception {
        MeterRecord meterTen = read(METER, T10_00, 240);
        MeterRecord meterHalfPast = read(METER, T10_30, 240);
        MeterRecord neighbourTen = read(NEIGHBOUR, T10_00, 240);
        MeterRecord neighbourHalfPast = read(NEIGHBOUR, T10_30, 240);
        try (var h = harness()) {
            for (MeterRecord read : List.of(meterHalfPast, meterTen, neighbourHalfPast, neighbourTen, meterTen)) {
                h.processElement(read, millis(read));
            }
            assertEquals(List.of(), h.extractOutputValues(), "nothing before the reads' watermark");
            h.processWatermark(millis(read(METER, T11_00, 240)));
            assertEquals(List.of(), h.extractOutputValues(), "due, and handed on from a timer of the location's own, "
                    + "so the watermark step that made a whole batch due never holds a checkpoint back");
            assertEquals(1, h.numProcessingTimeTimers());
            h.setProcessingTime(1);
            assertEquals(List.of(meterTen, neighbourTen, meterHalfPast, neighbourHalfPast), h.extractOutputValues(),
                    "in time order, ties by meter, the re-delivered read once");
            assertNothingLeft(h);
        }
    }

    @Test
    void aReadBehindTheReadsWatermarkGoesOnAfterTheReadsAlreadyDue() throws Exception {
        MeterRecord onTime = read(NEIGHBOUR, T10_30, 240);
        MeterRecord late = read(METER, T10_00, 240);
        try (var h = harness()) {
            h.processElement(onTime, millis(onTime));
            h.processWatermark(millis(read(METER, T11_00, 240)));
            h.processElement(late, millis(late));
            h.setProcessingTime(1);
            assertEquals(List.of(onTime, late), h.extractOutputValues(), "not dropped, and never ahead of reads due "
                    + "before it");
            assertNothingLeft(h);
        }
    }

    @Test
    void aLocationWhoseReadsStopHearsOfTheReadsProgressAsTheWatermarkPassesEachCheckThenIsForgotten()
            throws Exception {
        MeterRecord last = read(METER, T10_00, 240);
        Instant first = last.time().plus(Duration.ofHours(2));
        try (var h = harness(new SilenceSchedule(4, Duration.ofHours(1)))) {
            h.processElement(last, millis(last));
            h.processWatermark(millis(last));
            h.setProcessingTime(1);
            assertEquals(List.of(last), h.extractOutputValues());
            h.processWatermark(first.toEpochMilli() - 1);
            h.setProcessingTime(2);
            assertEquals(List.of(last), h.extractOutputValues(), "no word before four intervals have passed");
            h.processWatermark(first.plus(HALF_HOUR).toEpochMilli());
            h.setProcessingTime(3);
            assertEquals(List.of(last, through(first), through(first.plus(HALF_HOUR))), h.extractOutputValues(),
                    "four intervals after its last read, then every half hour");
            h.processWatermark(first.plus(Duration.ofDays(1)).toEpochMilli());
            h.setProcessingTime(4);
            assertEquals(List.of(last, through(first), through(first.plus(HALF_HOUR)),
                    through(first.plus(Duration.ofMinutes(60)))), h.extractOutputValues(),
                    "checked again for the horizon only");
            assertNothingLeft(h);
        }
    }

    @Test
    void aLaterReadOfTheLocationMovesTheCheckOnAndAReadAtTheCheckInstantComesInsteadOfIt() throws Exception {
        MeterRecord early = read(METER, T10_00, 240);
        MeterRecord neighbours = read(NEIGHBOUR, T11_00, 240);
        MeterRecord atCheck = read(NEIGHBOUR, T11_00.plus(Duration.ofHours(2)), 240);
        try (var h = harness(new SilenceSchedule(4, Duration.ZERO))) {
            for (MeterRecord read : List.of(atCheck, neighbours, early)) {
                h.processElement(read, millis(read));
            }
            h.processWatermark(millis(atCheck));
            h.setProcessingTime(1);
            assertEquals(List.of(early, neighbours, atCheck), h.extractOutputValues(),
                    "the location's own reads show it is not silent: no word of the progress");
            Instant check = atCheck.time().plus(Duration.ofHours(2));
            h.processWatermark(check.toEpochMilli());
            h.setProcessingTime(2);
            assertEquals(List.of(early, neighbours, atCheck, MeterRecord.readsThrough(NEIGHBOUR, check)),
                    h.extractOutputValues(), "checked once from the latest read, with no horizon");
            assertNothingLeft(h);
        }
    }

    @Test
    void wordOfTheProgressNeverOvertakesReadsStillQueued() throws Exception {
        MeterRecord last = read(METER, T10_00, 240);
        Instant check = last.time().plus(Duration.ofHours(2));
        try (var h = harness(new SilenceSchedule(4, Duration.ZERO))) {
            h.processElement(last, millis(last));
            h.processWatermark(check.toEpochMilli());
            assertEquals(List.of(), h.extractOutputValues());
            h.setProcessingTime(1);
            assertEquals(List.of(last, through(check)), h.extractOutputValues());
        }
    }

    @Test
    void theEndOfABoundedInputIsNoProgressOfTheReads() throws Exception {
        MeterRecord last = read(METER, T10_00, 240);
        try (var h = harness(new SilenceSchedule(4, Duration.ofDays(3)))) {
            h.processElement(last, millis(last));
            h.processWatermark(Long.MAX_VALUE);
            h.setProcessingTime(1);
            assertEquals(List.of(last), h.extractOutputValues());
            assertNothingLeft(h);
        }
    }
}
