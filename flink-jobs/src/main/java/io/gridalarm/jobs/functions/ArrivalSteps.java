package io.gridalarm.jobs.functions;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where the live job evaluated each record, from the steps of its two clocks ({@link ArrivalClocks}), as a
 * position on the alerts' clock: an alert when the alerts' watermark passed its time, or at once when it arrived
 * behind it; a read once the reads' watermark passed its time (or at once when late), among the alerts evaluated by
 * then; a read ahead of the alerts' clock then, when that clock passed it or had stood still for the idle time
 * ({@link ReadsAhead}). A replay that evaluates records in order of position, each at its own time, does what the
 * live job did.
 */
final class ArrivalSteps {

    /** When a record was evaluated (a moment of arrival) and where on the alerts' clock. */
    record Placement(long moment, long position) {
    }

    private final long[] moments;
    private final long[] alerts;
    private final long[] reads;
    private final long stillFor;
    /** The moment the alerts' clock took the value it has at each step. */
    private final long[] movedAt;
    /** The first step, at or after each, within which the alerts' clock stands still for the idle time. */
    private final int[] nextStall;

    ArrivalSteps(List<ClockStep> steps, Duration alertsIdleAfter) {
        List<ClockStep> sorted = steps.stream()
                .sorted((a, b) -> Long.compare(a.moment(), b.moment())).toList();
        moments = sorted.stream().mapToLong(ClockStep::moment).toArray();
        alerts = sorted.stream().mapToLong(ClockStep::alerts).toArray();
        reads = sorted.stream().mapToLong(ClockStep::reads).toArray();
        stillFor = ReadsAhead.checked(alertsIdleAfter).toMillis();
        int count = moments.length;
        movedAt = new long[count];
        for (int step = 0; step < count; step++) {
            movedAt[step] = step > 0 && alerts[step] == alerts[step - 1] ? movedAt[step - 1] : moments[step];
        }
        nextStall = new int[count];
        for (int step = count - 1; step >= 0; step--) {
            nextStall[step] = step == count - 1 || movedAt[step] + stillFor < moments[step + 1] ? step
                    : nextStall[step + 1];
        }
    }

    /** The alerts' watermark when an alert arriving at {@code at} met it, or its own time when it was not late. */
    long alertPosition(long at, long time) {
        return Math.max(time, valueBefore(alerts, at));
    }

    /** Where the live job evaluated a read arriving at {@code at}. */
    long readPosition(long at, long time) {
        return readSide(readRelease(at, time), time).position();
    }

    /**
     * Where the live job evaluated a read, or word of the reads' progress, of this time that the reads' clock let go
     * at the step: at once, when the alerts' clock had passed its time or had stood still for the idle time; else
     * at its own time once the alerts' clock passed it, or where that clock stood when it had stood still long
     * enough, whichever came first.
     */
    Placement readSide(int released, long time) {
        if (alerts[released] >= time || moments[released] - movedAt[released] >= stillFor) {
            return new Placement(moments[released], alerts[released]);
        }
        int passes = firstAlertsReaching(time, released);
        int stall = nextStall[released];
        if (stall < passes) {
            return new Placement(movedAt[stall] + stillFor, alerts[stall]);
        }
        return new Placement(moments[passes], time);
    }

    /**
     * The step at which the reads' watermark let a read arriving at {@code at} go: the first at or after its arrival
     * when it came behind that watermark, else the first that reached its time.
     */
    int readRelease(long at, long time) {
        if (time <= valueBefore(reads, at)) {
            return firstMomentFrom(at + 1) - 1;
        }
        return Math.min(Math.max(firstMomentFrom(at), firstReaching(time)), moments.length - 1);
    }

    /**
     * The reads' watermark after the step when the step moved it on, else null: as a live job's reads' watermark
     * moves, it passes the checks of locations that have sent nothing since ({@link SilenceSchedule}).
     */
    Long readsMovedTo(int step) {
        return step >= 0 && reads[step] > (step == 0 ? Long.MIN_VALUE : reads[step - 1]) ? reads[step] : null;
    }

    private long valueBefore(long[] values, long at) {
        int index = firstMomentFrom(at) - 1;
        return index < 0 ? Long.MIN_VALUE : values[index];
    }

    /** The first step at or after the moment. */
    private int firstMomentFrom(long at) {
        int found = Arrays.binarySearch(moments, at);
        return found >= 0 ? found : -found - 1;
    }

    /** The first step whose reads' watermark reached the time (the watermark never goes back). */
    private int firstReaching(long time) {
        return firstReaching(reads, time, 0);
    }

    /** The first step from {@code from} whose alerts' watermark reached the time (none: the number of steps). */
    private int firstAlertsReaching(long time, int from) {
        return firstReaching(alerts, time, from);
    }

    private static int firstReaching(long[] clock, long time, int from) {
        int low = from;
        int high = clock.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (clock[mid] >= time) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
