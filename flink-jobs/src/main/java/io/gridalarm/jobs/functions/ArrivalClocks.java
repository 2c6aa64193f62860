package io.gridalarm.jobs.functions;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The two clocks of a live job, simulated from when each record arrived: the alerts' watermark (the latest alert
 * time less the out-of-order bound) and the reads' (the same with the reads' bound), each moved up to its latest
 * time once its input has been quiet for the quiet period, and never moved back, as {@link LineClock}
 * moves them live. Fed the arrivals in arrival order, it reports each clock after every moment something arrived
 * or an input fell quiet, for {@link ArrivalSteps} to place each record where the live job evaluated it.
 */
final class ArrivalClocks {

    private final long alertsBound;
    private final long readsBound;
    private final long quiet;
    private long moment = Long.MIN_VALUE;
    private long latestAlert = Long.MIN_VALUE;
    private long latestRead = Long.MIN_VALUE;
    private long lastAlertArrival = Long.MIN_VALUE;
    private long lastReadArrival = Long.MIN_VALUE;
    private long alerts = Long.MIN_VALUE;
    private long reads = Long.MIN_VALUE;

    ArrivalClocks(Duration alertsOutOfOrder, Duration readsOutOfOrder, Duration quietPeriod) {
        if (alertsOutOfOrder.isNegative() || readsOutOfOrder.isNegative() || quietPeriod.isNegative()
                || quietPeriod.isZero()) {
            throw new IllegalArgumentException("The out-of-order bounds must not be negative and the quiet period "
                    + "must be positive.");
        }
        this.alertsBound = alertsOutOfOrder.toMillis();
        this.readsBound = readsOutOfOrder.toMillis();
        this.quiet = quietPeriod.toMillis();
    }

    /** A record arrived at {@code at} (never before the previous one) with event time {@code time}. */
    void arrive(long at, boolean alert, long time, Consumer<ClockStep> steps) {
        if (at < moment) {
            throw new IllegalArgumentException("Arrivals must come in order: " + at + " after " + moment + ".");
        }
        if (at != moment) {
            fallQuietAtMoment();
            endMoment(steps);
            fallQuietBefore(at, steps);
            moment = at;
        }
        if (alert) {
            latestAlert = Math.max(latestAlert, time);
            lastAlertArrival = at;
        } else {
            latestRead = Math.max(latestRead, time);
            lastReadArrival = at;
        }
    }

    /** The input has ended: both inputs fall quiet, so every record is complete on both clocks. */
    void finish(Consumer<ClockStep> steps) {
        fallQuietAtMoment();
        endMoment(steps);
        fallQuietBefore(Long.MAX_VALUE, steps);
    }

    /** An input that falls quiet exactly at the moment something else arrived does so in that moment's step. */
    private void fallQuietAtMoment() {
        if (alerts < latestAlert && lastAlertArrival + quiet <= moment) {
            alerts = latestAlert;
        }
        if (reads < latestRead && lastReadArrival + quiet <= moment) {
            reads = latestRead;
        }
    }

    private void endMoment(Consumer<ClockStep> steps) {
        if (moment == Long.MIN_VALUE) {
            return;
        }
        alerts = Math.max(alerts, behind(latestAlert, alertsBound));
        reads = Math.max(reads, behind(latestRead, readsBound));
        steps.accept(new ClockStep(moment, alerts, reads));
    }

    /** The quiet flushes that happen before the next arrival, in time order (one step when they coincide). */
    private void fallQuietBefore(long next, Consumer<ClockStep> steps) {
        long alertsQuiet = alerts < latestAlert ? lastAlertArrival + quiet : Long.MAX_VALUE;
        long readsQuiet = reads < latestRead ? lastReadArrival + quiet : Long.MAX_VALUE;
        while (Math.min(alertsQuiet, readsQuiet) < next) {
            long at = Math.min(alertsQuiet, readsQuiet);
            if (alertsQuiet == at) {
                alerts = latestAlert;
                alertsQuiet = Long.MAX_VALUE;
            }
            if (readsQuiet == at) {
                reads = latestRead;
                readsQuiet = Long.MAX_VALUE;
            }
            steps.accept(new ClockStep(at, alerts, reads));
        }
    }

    private static long behind(long latest, long bound) {
        return latest == Long.MIN_VALUE ? Long.MIN_VALUE : latest - bound - 1;
    }
}
