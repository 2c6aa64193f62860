package io.gridalarm.jobs.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --reads-lateness}, shared by run and replay so the two judge late reads alike. */
final class ReadsLatenessOption {

    @Option(names = "--reads-lateness", paramLabel = "DURATION", defaultValue = "3d",
            converter = DurationConverter.class,
            description = "How late reads may arrive and still be judged exactly as a replay judges them: outages "
                    + "are remembered this long for them; give run and replay the same (default: ${DEFAULT-VALUE}).")
    Duration readsLateness;
}
