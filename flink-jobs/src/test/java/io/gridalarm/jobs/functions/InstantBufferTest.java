package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T10_30;
import static io.gridalarm.jobs.Fixtures.T11_00;
import static io.gridalarm.jobs.Fixtures.event;
import static io.gridalarm.jobs.Fixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.MeterRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A location's records held until their instant is complete, then handed over in one order whatever came first. */
class InstantBufferTest {

    private static final long TEN = T10_00.toEpochMilli();
    private static final long HALF_PAST = T10_30.toEpochMilli();
    private static final MeterRecord RAISE = event(METER, "a-raise", "0x8003", T10_00);
    private static final MeterRecord CLEAR = event(METER, "b-clear", "0x8085", T10_00);
    private static final MeterRecord NEIGHBOURS_READ = read(NEIGHBOUR, T10_00, 240);

    private static PartHarness<InstantBuffer> sorted() throws Exception {
        return new PartHarness<>(context -> new InstantBuffer(context, InputOrder.EVENT_TIME));
    }

    private static PartHarness<InstantBuffer> stream() throws Exception {
        return new PartHarness<>(context -> new InstantBuffer(context, InputOrder.STREAM));
    }

    @Test
    void onSortedInputALaterRecordCompletesTheInstantInTieOrderWithReDeliveriesDropped() throws Exception {
        try (var h = sorted()) {
            assertNull(h.get(TEN, (b, t) -> b.add(CLEAR, TEN, t)));
            assertNull(h.get(TEN, (b, t) -> b.add(NEIGHBOURS_READ, TEN, t)));
            assertNull(h.get(TEN, (b, t) -> b.add(RAISE, TEN, t)));
            assertNull(h.get(TEN, (b, t) -> b.add(CLEAR, TEN, t)), "a re-delivery waits with the rest");
            assertEquals(1, h.timers(), "one timer for the held instant");
            MeterRecord later = read(METER, T10_30, 240);
            InstantBuffer.Batch complete = h.get(HALF_PAST, (b, t) -> b.add(later, HALF_PAST, t));
            assertEquals(TEN, complete.time());
            assertEquals(InstantBuffer.inEvaluationOrder(List.of(RAISE, NEIGHBOURS_READ, CLEAR)), complete.records());
            assertEquals(3, complete.records().size(), "the re-delivered clear is evaluated once");
            assertEquals(1, h.timers(), "the first instant's timer is gone, the later one's is set");
        }
    }

    @Test
    void tiesComeOutInTheSameOrderWhateverOrderTheyArrivedIn() {
        assertEquals(InstantBuffer.inEvaluationOrder(List.of(RAISE, CLEAR, NEIGHBOURS_READ)),
                InstantBuffer.inEvaluationOrder(List.of(NEIGHBOURS_READ, CLEAR, RAISE)));
    }

    @Test
    void onSortedInputTheInstantsTimerHandsItOverAndLeavesNoState() throws Exception {
        try (var h = sorted()) {
            h.at(TEN, (b, t) -> b.add(RAISE, TEN, t));
            h.watermark(TEN);
            assertEquals(List.of(TEN), h.firedTimers());
            InstantBuffer.Batch complete = h.get(TEN, (b, t) -> b.onTimer(TEN));
            assertEquals(List.of(RAISE), complete.records());
            assertNull(h.get(TEN, (b, t) -> b.onTimer(TEN)), "handed over once");
            assertEquals(0, h.stateEntries());
            assertEquals(0, h.timers());
        }
    }

    @Test
    void onAStreamRecordsWaitForTheWatermarkAndComeOutPerInstantInTimeOrder() throws Exception {
        try (var h = stream()) {
            MeterRecord eleven = read(METER, T11_00, 240);
            assertNull(h.get(TEN, (b, t) -> b.add(eleven, T11_00.toEpochMilli(), t)));
            assertNull(h.get(TEN, (b, t) -> b.add(CLEAR, TEN, t)));
            assertNull(h.get(TEN, (b, t) -> b.add(RAISE, TEN, t)));
            assertEquals(2, h.timers());
            h.watermark(HALF_PAST);
            assertEquals(List.of(TEN), h.firedTimers(), "only the instant the watermark passed");
            InstantBuffer.Batch ten = h.get(HALF_PAST, (b, t) -> b.onTimer(TEN));
            assertEquals(InstantBuffer.inEvaluationOrder(List.of(RAISE, CLEAR)), ten.records());
            h.watermark(T11_00.toEpochMilli());
            assertEquals(List.of(eleven), h.get(HALF_PAST, (b, t) -> b.onTimer(T11_00.toEpochMilli())).records());
            assertEquals(0, h.stateEntries());
            assertEquals(0, h.timers());
        }
    }

    @Test
    void onAStreamARecordBehindTheWatermarkIsHandedOverAtOnceAndMarkedLate() throws Exception {
        try (var h = stream()) {
            h.watermark(HALF_PAST);
            InstantBuffer.Batch late = h.get(TEN, (b, t) -> b.add(RAISE, TEN, t));
            assertTrue(late.late());
            assertEquals(List.of(RAISE), late.records());
            assertEquals(0, h.stateEntries());
            assertEquals(0, h.timers());
        }
    }
}
