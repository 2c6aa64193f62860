package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalClocksTest {

    private static final long SECOND = 1000L;
    private static final long DAY1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final long NIGHT2 = Instant.parse("2026-11-02T02:00:00Z").toEpochMilli();
    private static final long NIGHT3 = Instant.parse("2026-11-03T02:00:00Z").toEpochMilli();
    private static final long HALF_HOUR = 30 * 60 * SECOND;
    private static final long HOUR = 2 * HALF_HOUR;
    private static final long DAY = 24 * HOUR;
    private static final Duration IDLE = Duration.ofSeconds(30);

    private final List<ClockStep> steps = new ArrayList<>();
    private final ArrivalClocks clocks = new ArrivalClocks(Duration.ofSeconds(2), Duration.ofDays(1),
            Duration.ofSeconds(1));

    @Test
    void anAlertOnTimeIsEvaluatedAtItsOwnTimeAndOneBehindTheWatermarkWhereItArrived() {
        alert(DAY1 + 10 * SECOND, DAY1 + 10 * SECOND);
        alert(DAY1 + 10_500, DAY1 + 10_400);
        alert(DAY1 + 20 * SECOND, DAY1 + 20 * SECOND);
        // Sent 15 s late, half a second after the alert of 20 s: the clock had reached 17.999 s.
        alert(DAY1 + 20_500, DAY1 + 5 * SECOND);
        clocks.finish(steps::add);
        ArrivalSteps placed = new ArrivalSteps(steps, IDLE);

        assertEquals(DAY1 + 10_400, placed.alertPosition(DAY1 + 10_500, DAY1 + 10_400),
                "within the out-of-order bound: in time order");
        assertEquals(DAY1 + 20 * SECOND - 2 * SECOND - 1, placed.alertPosition(DAY1 + 20_500, DAY1 + 5 * SECOND),
                "behind the clock: evaluated where the clock stood when it came");
    }

    @Test
    void aNightsBatchOfReadsIsLetGoWhenTheReadsFallQuietAmongTheAlertsEvaluatedByThen() {
        long lastAlertOfNight2 = alertsEveryTenMinutes(DAY1, NIGHT2 - HOUR);
        long firstRead = DAY1 + HALF_HOUR;
        long lastOfDay1 = DAY1 + DAY;
        read(NIGHT2, lastOfDay1);
        read(NIGHT2, firstRead);
        long lastAlertOfNight3 = alertsEveryTenMinutes(NIGHT2 + HOUR, NIGHT3 - HOUR);
        long lastOfDay2 = lastOfDay1 + DAY;
        read(NIGHT3, lastOfDay2 - HALF_HOUR);
        read(NIGHT3, lastOfDay2);
        clocks.finish(steps::add);
        ArrivalSteps placed = new ArrivalSteps(steps, IDLE);

        // A night's batch leaves the reads' clock a day behind the batch's end until the reads fall quiet; by then
        // the alerts had been quiet for an hour, so every alert sent before the batch had been evaluated.
        assertEquals(lastAlertOfNight2, placed.readPosition(NIGHT2, firstRead));
        assertEquals(lastAlertOfNight2, placed.readPosition(NIGHT2, lastOfDay1));
        assertEquals(lastAlertOfNight3, placed.readPosition(NIGHT3, lastOfDay2 - HALF_HOUR));
    }

    @Test
    void whileAlertsFlowAReadGoesAmongThoseBehindTheAlertsBound() {
        read(NIGHT2, DAY1 + DAY);
        alert(NIGHT2 + 200, NIGHT2 + 200);
        alert(NIGHT2 + 900, NIGHT2 + 900);
        clocks.finish(steps::add);
        assertEquals(NIGHT2 + 900 - 2 * SECOND - 1, new ArrivalSteps(steps, IDLE).readPosition(NIGHT2, DAY1 + DAY),
                "the reads fell quiet a second after the batch, when the alerts' clock was 2 s behind the latest "
                        + "alert");
    }

    @Test
    void aReadBehindTheReadsClockGoesAtOnce() {
        read(NIGHT2, DAY1 + DAY);
        alert(NIGHT2 + 10 * SECOND, NIGHT2 + 5 * SECOND);
        read(NIGHT2 + 20 * SECOND, DAY1 + HALF_HOUR);
        clocks.finish(steps::add);
        ArrivalSteps placed = new ArrivalSteps(steps, IDLE);

        assertEquals(NIGHT2 + 5 * SECOND, placed.readPosition(NIGHT2 + 20 * SECOND, DAY1 + HALF_HOUR),
                "the reads' clock had passed it (quiet after the batch): evaluated on arrival, after the alert");
        assertEquals(DAY1 + DAY, placed.readPosition(NIGHT2, DAY1 + DAY),
                "let go by the reads' clock a second after it came, before any alert: it waited for the alerts' "
                        + "clock, and went at its own time when the first alert moved that clock past it");
    }

    @Test
    void aReadAheadOfAnAlertsClockThatStandsStillGoesOnceTheClockHasStoodStillForTheIdleTime() {
        // The alerts' feed delivers an alert an hour old, then nothing; the reads of the last half hour come.
        alert(NIGHT2, NIGHT2 - HOUR);
        read(NIGHT2 + 5 * SECOND, NIGHT2 - HALF_HOUR);
        clocks.finish(steps::add);
        ArrivalSteps placed = new ArrivalSteps(steps, IDLE);

        ArrivalSteps.Placement placement = placed.readSide(placed.readRelease(NIGHT2 + 5 * SECOND,
                NIGHT2 - HALF_HOUR), NIGHT2 - HALF_HOUR);
        assertEquals(NIGHT2 - HOUR, placement.position(), "evaluated where the alerts' clock stood");
        assertEquals(NIGHT2 + SECOND + IDLE.toMillis(), placement.moment(), "once the clock, which last moved when "
                + "the alerts fell quiet a second after the alert, had stood still for the idle time");
    }

    @Test
    void anInputFallingQuietJustAsTheOtherDeliversIsOneStepAtThatMoment() {
        alert(NIGHT2, NIGHT2);
        read(NIGHT2 + SECOND, DAY1 + DAY);
        read(NIGHT2 + 1500, DAY1 + DAY);
        clocks.finish(steps::add);
        List<Long> moments = steps.stream().map(ClockStep::moment).toList();
        assertEquals(moments.stream().distinct().sorted().toList(), moments, "one step per moment, in order");
        assertEquals(NIGHT2, steps.get(1).alerts(), "the alerts fell quiet a second after the alert, as the read came");
    }

    @Test
    void arrivalsMustComeInOrder() {
        alert(DAY1 + SECOND, DAY1);
        assertThrows(IllegalArgumentException.class, () -> alert(DAY1, DAY1));
    }

    @Test
    void theNightlyBatchOfAReadIsTheNightAfterItsDayAndMidnightBelongsToTheDayBefore() {
        assertEquals(NIGHT2, Arrivals.nextNight(DAY1 + HALF_HOUR));
        assertEquals(NIGHT2, Arrivals.nextNight(DAY1 + DAY));
        assertEquals(NIGHT3, Arrivals.nextNight(DAY1 + DAY + HALF_HOUR));
    }

    /** Alerts from {@code from} to {@code to}, each arriving 3 s after its time; returns the last one's time. */
    private long alertsEveryTenMinutes(long from, long to) {
        long last = from;
        for (long t = from; t <= to; t += 10 * 60 * SECOND) {
            alert(t + 3 * SECOND, t);
            last = t;
        }
        return last;
    }

    private void alert(long at, long time) {
        clocks.arrive(at, true, time, steps::add);
    }

    private void read(long at, long time) {
        clocks.arrive(at, false, time, steps::add);
    }
}
