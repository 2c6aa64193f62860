package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T11_00;
import static io.gridalarm.jobs.Fixtures.T12_00;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.rules.fact.Interruption;
import io.gridalarm.rules.fact.SupplyEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Outages as known at each instant, kept for late reads and forgotten when reads can no longer be that late. */
class SupplyHistoryTest {

    private static final Duration LATENESS = Duration.ofDays(2);
    private static final String ID = METER.meterId();

    private static PartHarness<SupplyHistory> history() throws Exception {
        return new PartHarness<>(context -> new SupplyHistory(context, LATENESS));
    }

    private static SupplyEvent event(SupplyEvent.Change change, Instant start, Instant time) {
        return new SupplyEvent(change, new Interruption(METER, start, "loss", "AD1"), time, "test", METER);
    }

    private static long ms(Instant instant) {
        return instant.toEpochMilli();
    }

    @Test
    void aLossIsOffOnlyFromWhenItWasKnownAndItsEndOnlyFromWhenThatWasKnown() throws Exception {
        Instant lost = T10_00;
        Instant adOneArrives = T10_00.plus(Duration.ofMinutes(3));
        Instant back = T11_00;
        Instant lateReadTime = T12_00;
        try (var h = history()) {
            h.at(ms(adOneArrives), (s, t) -> s.record(ID, event(SupplyEvent.Change.LOST, lost, lost), ms(adOneArrives),
                    t));
            h.at(ms(lateReadTime), (s, t) -> s.record(ID, event(SupplyEvent.Change.RESTORED, lost, back),
                    ms(lateReadTime), t));
            assertFalse(h.<Boolean>get(0, (s, t) -> s.offAt(ID, ms(lost.plusSeconds(60)))),
                    "at 10:01 the hub's AD1 had not come: a replay did not know of the loss yet");
            assertTrue(h.<Boolean>get(0, (s, t) -> s.offAt(ID, ms(adOneArrives))));
            assertTrue(h.<Boolean>get(0, (s, t) -> s.offAt(ID, ms(back.plusSeconds(60)))),
                    "the restoration was proved only by the noon read: off as far as 11:01 knew");
            assertEquals(Long.MIN_VALUE, h.<Long>get(0, (s, t) -> s.restoredBy(ID, ms(back.plusSeconds(60)))));
            assertFalse(h.<Boolean>get(0, (s, t) -> s.offAt(ID, ms(lateReadTime))));
            assertEquals(ms(back), h.<Long>get(0, (s, t) -> s.restoredBy(ID, ms(lateReadTime))));
            assertEquals(Long.MIN_VALUE, h.<Long>get(0, (s, t) -> s.restoredBy(ID,
                    ms(lateReadTime.plus(SupplyHistory.LOOKBACK).plusSeconds(1)))), "beyond the look-back");
        }
    }

    @Test
    void anEndedLossIsForgottenByItsTimerOnceReadsCanNoLongerBeThatLateAndNothingIsLeft() throws Exception {
        try (var h = history()) {
            h.at(ms(T10_00), (s, t) -> s.record(ID, event(SupplyEvent.Change.LOST, T10_00, T10_00), ms(T10_00), t));
            h.at(ms(T10_00), (s, t) -> s.record(ID, event(SupplyEvent.Change.CONFIRMED, T10_00, T10_00), ms(T10_00),
                    t));
            assertEquals(0, h.timers(), "an open loss is never forgotten");
            h.at(ms(T11_00), (s, t) -> s.record(ID, event(SupplyEvent.Change.RESTORED, T10_00, T11_00), ms(T11_00),
                    t));
            assertEquals(1, h.timers());
            long forget = ms(T11_00.plus(LATENESS).plus(SupplyHistory.LOOKBACK)) + 3_600_000L;
            h.watermark(forget);
            assertEquals(1, h.firedTimers().size());
            long fired = h.firedTimers().get(0);
            assertTrue(fired > ms(T11_00.plus(LATENESS).plus(SupplyHistory.LOOKBACK)) && fired <= forget);
            h.at(fired, (s, t) -> s.expireUpTo(fired));
            assertEquals(0, h.stateEntries(), "nothing is kept for the meter");
            assertEquals(0, h.timers());
        }
    }
}
