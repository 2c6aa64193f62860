package io.gridalarm.jobs.functions;

import io.gridalarm.rules.Thresholds;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a network location none of whose meters sends reads any more is checked for silent meters, as the fleet's
 * reads move on without it: first when a meter whose last read ended with the location's latest read has missed
 * the rule set's comms-loss intervals, then every half hour (a meter restored meanwhile is silent from its
 * restoration) for as long as reads may still arrive late. Neighbours' reads show a single meter's silence; this
 * is how a meter alone in its location (every gas meter) and a location whose meters all stop are judged.
 *
 * @param missedIntervals the base rule-set version's comms-loss intervals
 * @param horizon how long after the first check the location is checked again
 */
public record SilenceSchedule(double missedIntervals, Duration horizon) implements Serializable {

    private static final long MINUTE = 60_000L;

    public SilenceSchedule {
        if (!(missedIntervals > 0)) {
            throw new IllegalArgumentException("A silence needs at least part of one missed interval, not "
                    + missedIntervals + ".");
        }
        if (horizon == null || horizon.isNegative()) {
            throw new IllegalArgumentException("How long a silent location is checked must be zero or more, not "
                    + horizon + ".");
        }
    }

    /** The schedule for a rule set's thresholds, or null when the rule set judges no silence. */
    public static SilenceSchedule of(Thresholds thresholds, Duration horizon) {
        return thresholds.uses(Thresholds.Step.SILENCE)
                ? new SilenceSchedule(thresholds.commsLossIntervals(), horizon) : null;
    }

    /** The first check after the location's latest read ended at {@code latest}, its intervals {@code minutes} long. */
    public long first(long latest, int minutes) {
        return latest + Math.max(1L, (long) Math.ceil(missedIntervals)) * minutes * MINUTE;
    }

    /** The check after {@code check}, or {@link Long#MAX_VALUE} when the location is no longer checked. */
    public long after(long latest, int minutes, long check) {
        long next = check + SilenceWatch.CHECK_EVERY_MILLIS;
        return next <= first(latest, minutes) + horizon.toMillis() ? next : Long.MAX_VALUE;
    }

    /** The checks after the latest read, before {@code before} and no later than {@code through}, in time order. */
    public List<Long> between(long latest, int minutes, long before, long through) {
        List<Long> checks = new ArrayList<>();
        for (long check = first(latest, minutes); check < before && check <= through;
             check = after(latest, minutes, check)) {
            checks.add(check);
        }
        return checks;
    }
}
