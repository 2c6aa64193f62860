package io.gridalarm.jobs.functions;

import java.util.Arrays;
import java.util.List;

/**
 * Where the live job evaluated each record, from the steps of its two clocks ({@link ArrivalClocks}), as a
 * position on the alerts' clock: an alert when the alerts' watermark passed its time, or at once when it arrived
 * behind it; a read once the reads' watermark passed its time (or at once when late), among the alerts evaluated by
 * then. A replay that evaluates records in order of position, each at its own time, does what the live job did.
 */
final class ArrivalSteps {

    private final long[] moments;
    private final long[] alerts;
    private final long[] reads;

    ArrivalSteps(List<ClockStep> steps) {
        List<ClockStep> sorted = steps.stream()
                .sorted((a, b) -> Long.compare(a.moment(), b.moment())).toList();
        moments = sorted.stream().mapToLong(ClockStep::moment).toArray();
        alerts = sorted.stream().mapToLong(ClockStep::alerts).toArray();
        reads = sorted.stream().mapToLong(ClockStep::reads).toArray();
    }

    /** The alerts' watermark when an alert arriving at {@code at} met it, or its own time when it was not late. */
    long alertPosition(long at, long time) {
        return Math.max(time, valueBefore(alerts, at));
    }

    /** The alerts' watermark at the moment the reads' watermark let a read arriving at {@code at} go. */
    long readPosition(long at, long time) {
        return alertsAt(readRelease(at, time));
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

    /** The alerts' watermark after the step (before any, none). */
    long alertsAt(int step) {
        return step < 0 ? Long.MIN_VALUE : alerts[step];
    }

    /**
     * The reads' watermark after the step when the step moved it on, else null: as a live job's reads' watermark
     * moves, it passes the checks of locations that have sent nothing since ({@link SilenceSchedule}).
     */
    Long readsMovedTo(int step) {
        return step >= 0 && reads[step] > (step == 0 ? Long.MIN_VALUE : reads[step - 1]) ? reads[step] : null;
    }

    /** The moment of the step. */
    long momentOf(int step) {
        return step < 0 ? Long.MIN_VALUE : moments[step];
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
        int low = 0;
        int high = reads.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (reads[mid] >= time) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
