package io.gridalarm.jobs.functions;

import java.time.Duration;
import org.apache.flink.streaming.api.TimerService;

/**
 * On a stream, whether a read (or word of the reads' progress) that comes ahead of the alerts' clock waits for it. A
 * job catching up after downtime reads both inputs' backlogs at once; a read evaluated before the alerts of its time
 * would judge a meter silent, or back, before its outage was known (a false comms loss for every meter of an
 * outage, after a long stop). So it waits until the alerts' clock passes its time, as long as that clock moves: once
 * the clock has stood still for {@code stillFor} (the time a quiet input takes to be idle: every alert has come, or
 * the alerts' feed is down) reads go at once, so alerts that stopped hold no read back for longer than that. In a
 * running job reads are a day behind the alerts' clock and never wait.
 *
 * <p>The clock is observed whenever the operator runs for any location; it counts as moving from the first
 * observation of each new value, so a stall is never judged longer than it was. {@link ArrivalSteps} makes the same
 * decision from the clocks it simulates, so a replay as received places each read where the live job evaluated it.
 */
final class ReadsAhead {

    private final long stillForMillis;
    private long observed = Long.MIN_VALUE;
    private long movedAt = Long.MIN_VALUE;

    ReadsAhead(Duration stillFor) {
        this.stillForMillis = checked(stillFor).toMillis();
    }

    /** The duration, when it is positive. */
    static Duration checked(Duration stillFor) {
        if (stillFor == null || stillFor.isNegative() || stillFor.isZero()) {
            throw new IllegalArgumentException("How long the alerts' clock must stand still before reads stop "
                    + "waiting for it must be positive, not " + stillFor + ".");
        }
        return stillFor;
    }

    /** True when a record of this time must wait for the alerts' clock (as last {@link #observe observed}). */
    boolean waits(long time, TimerService timers) {
        return time > observed && !stoodStill(timers);
    }

    /** When held reads should next be looked at (processing time): when the clock will have stood still enough. */
    long nextLook() {
        return movedAt + stillForMillis;
    }

    /** True when the alerts' clock has stood still long enough: held reads go now. */
    boolean stoodStill(TimerService timers) {
        return timers.currentProcessingTime() - movedAt >= stillForMillis;
    }

    /**
     * Notes the alerts' clock as the operator sees it now: called first whenever the operator runs, so the questions
     * above are answered on the clock of this moment.
     */
    void observe(TimerService timers) {
        long watermark = timers.currentWatermark();
        if (watermark != observed || movedAt == Long.MIN_VALUE) {
            observed = watermark;
            movedAt = timers.currentProcessingTime();
        }
    }
}
