package io.gridalarm.jobs;

import java.time.Duration;

/**
 * The two clocks of a live job, and of a replay that reproduces one from when each record arrived: how far alerts
 * and reads may arrive out of event-time order, and after how long without input everything received is taken as
 * complete.
 */
public record LiveClocks(Duration alertsOutOfOrder, Duration readsOutOfOrder, Duration quietPeriod) {

    /** Alerts within 2 s, a night's batch of reads within a day, and everything once input pauses for 1 s. */
    public static final LiveClocks DEFAULT = new LiveClocks(Duration.ofSeconds(2),
            GridAlarmOptions.DEFAULT_READS_OUT_OF_ORDER, Duration.ofSeconds(1));

    public LiveClocks {
        SettingsChecks.notNegative(alertsOutOfOrder, "The out-of-order bound");
        SettingsChecks.notNegative(readsOutOfOrder, "The reads' out-of-order bound");
        SettingsChecks.quietPeriod(quietPeriod);
    }
}
