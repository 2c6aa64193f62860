package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.GridAlarmOptions;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.ReplaySummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridalarm demo}: the replay over the bundled samples, and where to look at the result. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replays the bundled samples/ through the default rule set and shows where the alarms are.")
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: demo-out).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path samples = GridAlarmOptions.samples();
        Path target = out != null ? out : GridAlarmOptions.home().resolve("demo-out");
        ReplaySettings settings = ReplayCommand.settings(spec, samples.resolve("registry.csv"),
                List.of(samples.resolve("events.jsonl")), List.of(samples.resolve("reads.jsonl")), null, target,
                GridAlarmOptions.DEFAULT_PARALLELISM);
        ReplaySummary summary = ReplayCommand.replay(settings, true);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(summary.describe());
        stdout.println();
        stdout.println("Alarms per party (one JSON alarm per line):");
        try (Stream<Path> files = Files.walk(target)) {
            files.filter(p -> p.toString().endsWith(".jsonl")).sorted()
                    .forEach(p -> stdout.println("  " + p));
        }
        stdout.println("Try:  head -3 " + target.resolve("supplier") + "/*.jsonl");
        return 0;
    }
}
