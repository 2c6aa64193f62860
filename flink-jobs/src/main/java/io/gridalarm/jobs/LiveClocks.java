package io.gridalarm.jobs;

import java.time.Duration;

/**
 * The two clocks of a live job, and of a replay that reproduces one from when each record arrived: how far alerts
 * and reads may arrive out of event-time order, and after how long without input everything received is taken as
 * complete, and after how long without input a topic partition is idle (it holds no other partition back; one idle
 * between two bursts comes back behind the others, so not sooner than the gaps a partition normally has).
 */
public record LiveClocks(Duration alertsOutOfOrder, Duration readsOutOfOrder, Duration quietPeriod,
                         Duration idleAfter) {

    /**
     * Alerts within 2 s, a night's batch of reads within a day, everything once input pauses for 1 s, a partition
     * idle after half a minute.
     */
    public static final LiveClocks DEFAULT = new LiveClocks(Duration.ofSeconds(2),
            GridAlarmOptions.DEFAULT_READS_OUT_OF_ORDER, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public LiveClocks {
        SettingsChecks.notNegative(alertsOutOfOrder, "The out-of-order bound");
        SettingsChecks.notNegative(readsOutOfOrder, "The reads' out-of-order bound");
        SettingsChecks.quietPeriod(quietPeriod);
        if (idleAfter == null || idleAfter.compareTo(quietPeriod) <= 0) {
            throw new IllegalArgumentException("A partition must be quiet (" + quietPeriod + ") before it is idle; "
                    + "the idle time " + idleAfter + " must be longer.");
        }
    }
}
