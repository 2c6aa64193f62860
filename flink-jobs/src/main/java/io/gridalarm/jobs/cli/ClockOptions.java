package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.LiveClocks;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The live job's clocks, shared by run and by {@code replay --as-received} so that the replay reproduces a run with
 * the same settings.
 */
final class ClockOptions {

    @Option(names = "--out-of-order", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How far alerts may arrive out of event-time order and still be evaluated in order; "
                    + "later ones are evaluated on arrival (default: ${DEFAULT-VALUE}).")
    Duration outOfOrder;

    @Option(names = "--reads-out-of-order", paramLabel = "DURATION", defaultValue = "1d",
            converter = DurationConverter.class,
            description = "How far reads may arrive out of event-time order and still be evaluated in order: a "
                    + "night's batch sent meter by meter spans a day (default: ${DEFAULT-VALUE}). Reads run on their "
                    + "own clock and never hold alerts back.")
    Duration readsOutOfOrder;

    @Option(names = "--quiet-period", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "After this long without input, all records received are evaluated "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration quietPeriod;

    @Option(names = "--idle-after", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "After this long without input, a topic partition holds no other back; longer than the "
                    + "quiet period and than the gaps a partition normally has (default: ${DEFAULT-VALUE}).")
    Duration idleAfter;

    /** @throws IllegalArgumentException for a negative bound, a quiet period under 100 ms, or a short idle time */
    LiveClocks clocks() {
        return new LiveClocks(outOfOrder, readsOutOfOrder, quietPeriod, idleAfter);
    }
}
