package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T10_30;
import static io.gridalarm.jobs.Fixtures.T11_30;
import static io.gridalarm.jobs.Fixtures.T12_00;
import static io.gridalarm.jobs.Fixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meters whose reads stopped: counted in their own intervals, checked on the reads' clock alone. */
class SilenceWatchTest {

    private static final long NOW = T12_00.toEpochMilli();
    private static final long HALF_HOUR = SilenceWatch.CHECK_EVERY_MILLIS;
    private static final SilenceWatch.Restorations NONE = (meterId, time) -> Long.MIN_VALUE;

    private static PartHarness<SilenceWatch> watch() throws Exception {
        return new PartHarness<>(SilenceWatch::new);
    }

    @Test
    void aMeterWithoutReadsForEnoughIntervalsIsSilentAndItsNeighbourIsNot() throws Exception {
        try (var h = watch()) {
            h.at(NOW, (w, t) -> w.onRead(METER.meterId(), read(METER, T10_00, 240).read()));
            h.at(NOW, (w, t) -> w.onRead(NEIGHBOUR.meterId(), read(NEIGHBOUR, T11_30, 240).read()));
            List<SilenceWatch.Silent> silent = h.get(NOW, (w, t) -> w.check(NOW, 3, NONE));
            assertEquals(List.of(new SilenceWatch.Silent(METER.meterId(), T10_30.toEpochMilli(), 3)), silent,
                    "the 10:00 read ended at 10:30: three half hours missed by noon");
        }
    }

    @Test
    void anInstantIsCheckedOnceALaterReadArrivesAndAtMostEveryHalfHour() throws Exception {
        try (var h = watch()) {
            assertNull(h.get(NOW, (w, t) -> w.completes(NOW, 30)), "the first read instant completes nothing");
            assertNull(h.get(NOW, (w, t) -> w.completes(NOW, 30)), "another read of the same instant neither");
            assertNull(h.get(NOW, (w, t) -> w.completes(NOW - HALF_HOUR, 30)), "an older read neither");
            long tenMinutes = HALF_HOUR / 3;
            assertEquals(Long.valueOf(NOW), h.<Long>get(NOW, (w, t) -> w.completes(NOW + tenMinutes, 30)),
                    "a later read completes noon");
            h.at(NOW, (w, t) -> w.check(NOW, 3, NONE));
            assertNull(h.get(NOW, (w, t) -> w.completes(NOW + 2 * tenMinutes, 30)), "12:10 is not due after noon");
            assertNull(h.get(NOW, (w, t) -> w.completes(NOW + 3 * tenMinutes, 30)), "12:20 neither");
            assertEquals(Long.valueOf(NOW + HALF_HOUR), h.<Long>get(NOW, (w, t) -> w.completes(NOW + 4 * tenMinutes, 30)),
                    "12:30 is due, half an hour after the last check");
        }
    }

    @Test
    void anOlderReadNeverMovesTheClockBackAndARestorationRestartsTheCount() throws Exception {
        try (var h = watch()) {
            h.at(NOW, (w, t) -> w.onRead(METER.meterId(), read(METER, T10_30, 240).read()));
            h.at(NOW, (w, t) -> w.onRead(METER.meterId(), read(METER, T10_00, 240).read()));
            assertEquals(T12_00.minus(Duration.ofMinutes(60)).toEpochMilli(),
                    h.get(NOW, (w, t) -> w.check(NOW, 0, NONE)).get(0).lastReadEndMillis(), "the 10:30 read's end");
            SilenceWatch.Restorations backAtNoon = (meterId, time) -> time >= NOW ? NOW : Long.MIN_VALUE;
            assertEquals(List.of(), h.get(NOW, (w, t) -> w.check(NOW + HALF_HOUR, 2, backAtNoon)),
                    "back on supply at noon: silent for one interval only");
            assertEquals(List.of(new SilenceWatch.Silent(METER.meterId(), NOW, 2)),
                    h.get(NOW, (w, t) -> w.check(NOW + 2 * HALF_HOUR, 2, backAtNoon)));
        }
    }

    @Test
    void scheduledChecksOfALocationWithoutReadsStartFromItsLatestReadAndSkipWhatWasChecked() throws Exception {
        SilenceSchedule schedule = new SilenceSchedule(4, Duration.ofHours(1));
        long twoHours = 4 * HALF_HOUR;
        try (var h = watch()) {
            assertEquals(List.of(), h.get(NOW, (w, t) -> w.scheduledChecks(schedule, Long.MAX_VALUE, Long.MAX_VALUE)),
                    "no read yet: nothing to judge");
            h.get(NOW, (w, t) -> w.completes(NOW, 30));
            assertEquals(List.of(NOW + twoHours, NOW + twoHours + HALF_HOUR),
                    h.get(NOW, (w, t) -> w.scheduledChecks(schedule, NOW + twoHours + 2 * HALF_HOUR, Long.MAX_VALUE)),
                    "before the next read");
            assertEquals(List.of(NOW + twoHours),
                    h.get(NOW, (w, t) -> w.scheduledChecks(schedule, Long.MAX_VALUE, NOW + twoHours)),
                    "no further than the reads go");
            h.at(NOW, (w, t) -> w.check(NOW + twoHours, 4, NONE));
            assertEquals(List.of(NOW + twoHours + HALF_HOUR, NOW + twoHours + 2 * HALF_HOUR),
                    h.get(NOW, (w, t) -> w.scheduledChecks(schedule, Long.MAX_VALUE, Long.MAX_VALUE)),
                    "what was checked is not checked again; the horizon ends the checks");
        }
    }
}
