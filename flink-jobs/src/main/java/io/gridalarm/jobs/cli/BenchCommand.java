package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.bench.Benchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridalarm bench}: full pipeline vs hand-coded rules vs parse-only, in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Generates a fleet and measures records/s: full pipeline, hand-coded rules, parse-only.")
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--meters", defaultValue = "10000", paramLabel = "N",
            description = "Meters in the generated fleet (default: ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--days", defaultValue = "3", paramLabel = "D", description = "Days of reads (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "11", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--rounds", defaultValue = "2", paramLabel = "N",
            description = "Measure each pipeline N times and keep the fastest (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--work", paramLabel = "DIR", description = "Work folder (default: target/bench).")
    Path work;

    @Override
    public Integer call() throws Exception {
        Benchmark.Settings settings;
        try {
            settings = new Benchmark.Settings(meters, days, seed, parallelism, rounds,
                    work != null ? work : Benchmark.defaultWorkDir());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Benchmark.Result result = Benchmark.run(settings, spec.commandLine().getErr());
        spec.commandLine().getOut().print(result.describe());
        return 0;
    }
}
