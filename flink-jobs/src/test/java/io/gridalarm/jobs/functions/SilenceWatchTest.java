package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T10_30;
import static io.gridalarm.jobs.Fixtures.T12_00;
import static io.gridalarm.jobs.Fixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meters whose reads stopped: counted in their own intervals, checked every half hour of the location's time. */
class SilenceWatchTest {

    private static final long NOW = T12_00.toEpochMilli();

    private static PartHarness<SilenceWatch> watch() throws Exception {
        return new PartHarness<>(SilenceWatch::new);
    }

    @Test
    void aMeterWithoutReadsForEnoughIntervalsIsSilentAndItsNeighbourIsNot() throws Exception {
        try (var h = watch()) {
            h.at(NOW, (w, t) -> w.onRead(METER.meterId(), read(METER, T10_00, 240).read()));
            h.at(NOW, (w, t) -> w.onRead(NEIGHBOUR.meterId(), read(NEIGHBOUR, T12_00.minus(Duration.ofMinutes(30)),
                    240).read()));
            List<SilenceWatch.Silent> silent = h.get(NOW, (w, t) -> w.check(NOW, 3));
            assertEquals(List.of(new SilenceWatch.Silent(METER.meterId(), T10_30.toEpochMilli(), 3)), silent,
                    "the 10:00 read ended at 10:30: three half hours missed by noon");
        }
    }

    @Test
    void theNextCheckIsHalfAnHourLaterAndAnEmptyWatchKeepsNothing() throws Exception {
        try (var h = watch()) {
            h.at(NOW, (w, t) -> w.onRead(METER.meterId(), read(METER, T10_00, 240).read()));
            assertEquals(1, h.get(NOW, (w, t) -> w.check(NOW, 3)).size());
            assertEquals(List.of(), h.get(NOW, (w, t) -> w.check(NOW + 29 * 60_000L, 3)), "not due yet");
            assertEquals(1, h.get(NOW, (w, t) -> w.check(NOW + SilenceWatch.CHECK_EVERY_MILLIS, 3)).size());
        }
        try (var h = watch()) {
            assertEquals(List.of(), h.get(NOW, (w, t) -> w.check(NOW, 3)));
            assertEquals(0, h.stateEntries(), "no reads, no clock, no next check");
        }
    }

    @Test
    void anOlderReadNeverMovesTheClockBackAndRestorationRestartsIt() throws Exception {
        try (var h = watch()) {
            h.at(NOW, (w, t) -> w.onRead(METER.meterId(), read(METER, T10_30, 240).read()));
            h.at(NOW, (w, t) -> w.onRead(METER.meterId(), read(METER, T10_00, 240).read()));
            assertEquals(T12_00.minus(Duration.ofMinutes(60)).toEpochMilli(),
                    h.get(NOW, (w, t) -> w.check(NOW, 0)).get(0).lastReadEndMillis(), "the 10:30 read's end");
            h.at(NOW, (w, t) -> w.restart(METER.meterId(), T12_00.toEpochMilli()));
            assertEquals(List.of(), h.get(NOW, (w, t) -> w.check(NOW + SilenceWatch.CHECK_EVERY_MILLIS, 2)),
                    "back on supply at noon: silent for one interval only");
        }
    }
}
