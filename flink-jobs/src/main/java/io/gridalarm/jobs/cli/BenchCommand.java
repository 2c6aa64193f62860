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

    @Option(names = "--meters", defaultValue = "12000", paramLabel = "N",
            description = "Meters in the generated fleet (default: ${DEFAULT-VALUE}).")
    int meters;

    @Option(names = "--days", defaultValue = "3", paramLabel = "D", description = "Days of reads (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "11", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--work", paramLabel = "DIR", description = "Work folder (default: target/bench).")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (meters < 1 || days < 1 || parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--meters, --days and --parallelism must be positive.");
        }
        Benchmark.Result result = Benchmark.run(new Benchmark.Settings(meters, days, seed, parallelism,
                work != null ? work : Benchmark.defaultWorkDir()), spec.commandLine().getErr());
        spec.commandLine().getOut().print(result.describe());
        return 0;
    }
}
