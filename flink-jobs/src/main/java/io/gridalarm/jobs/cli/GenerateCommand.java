package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.generate.FleetGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridalarm generate}: a synthetic fleet's registry, events and reads. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes a synthetic fleet: registry.csv, events.jsonl and reads.jsonl.")
public final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--meters", required = true, paramLabel = "N", description = "Number of meters.")
    int meters;

    @Option(names = "--days", required = true, paramLabel = "D", description = "Days of half-hourly reads.")
    int days;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: 1).")
    long seed;

    @Option(names = "--start", defaultValue = "2026-11-01T00:00:00Z", paramLabel = "INSTANT",
            description = "First interval (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--bad-line-rate", defaultValue = "0.0005", paramLabel = "P",
            description = "Share of read lines spoiled to exercise dead letters (events: 4x; default: ${DEFAULT-VALUE}).")
    double badLineRate;

    @Option(names = "--storm-share", defaultValue = "0", paramLabel = "P",
            description = "Share of HV feeders a storm trips at the middle of the period (now and then a whole "
                    + "primary), all within twenty minutes, restored in stages hours later, a few LV feeders and "
                    + "meters nested (default: ${DEFAULT-VALUE}, no storm).")
    double stormShare;

    @Option(names = "--received-at", description = "Each read line says when it reaches the job (receivedAt), as GB "
            + "reads really arrive: each day's reads in the next night's batch at 02:00, meter by meter, and a few "
            + "meters' second day two days late after a comms fault. demo and the live tests send lines in that "
            + "order.")
    boolean receivedAt;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        FleetGenerator.Settings settings;
        try {
            settings = new FleetGenerator.Settings(meters, days, seed, start, badLineRate, stormShare, receivedAt, false);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        FleetGenerator.Written w = new FleetGenerator(settings).writeTo(out);
        spec.commandLine().getOut().printf(Locale.ROOT,
                "Wrote %,d meters (%,d registry rows) to %s and the network above them to %s, %,d event lines to "
                        + "%s, %,d read lines to %s, %,d service requests to %s and %,d responses to %s "
                        + "(%,d lines spoiled on purpose; %,d meters off supply in the storm; %,d meters' reads two "
                        + "days late).%n",
                w.meters(), w.registryRows(), w.registry(), w.network(), w.eventLines(), w.events(), w.readLines(),
                w.reads(), w.requestLines(), w.requests(), w.responseLines(), w.responses(), w.badLines(),
                w.stormMeters(), w.lateMeters().size());
        return 0;
    }
}
