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
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** A day's batch of reads, in any order, handed on in time order per location on the reads' own watermark. */
class OrderReadsTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, MeterRecord, MeterRecord> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new OrderReads(), record -> "F1", Types.STRING);
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
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numProcessingTimeTimers());
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
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numProcessingTimeTimers());
        }
    }
}
