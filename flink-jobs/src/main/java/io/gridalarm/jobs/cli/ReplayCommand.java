package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.GridAlarmOptions;
import io.gridalarm.jobs.LiveClocks;
import io.gridalarm.jobs.ReplayJob;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.ReplaySummary;
import io.gridalarm.model.NetworkCsv;
import io.gridalarm.rules.DroolsMeterRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridalarm replay}: historic events and reads through a rule-set version into per-party alarm files. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays event and read files through a rule set (bounded Flink job, embedded MiniCluster).")
public final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--registry", required = true, paramLabel = "R.csv", description = "Registry CSV.")
    Path registry;

    @Option(names = "--network", paramLabel = "N.csv", description = "Network CSV: the tree above the registry's "
            + "substations (HV feeders, primaries), so outages roll up through it (optional).")
    Path network;

    @Option(names = "--events", paramLabel = "E.jsonl", description = "Meter event JSON lines (repeatable).")
    List<Path> events = new ArrayList<>();

    @Option(names = "--reads", paramLabel = "H.jsonl", description = "Interval read JSON lines (repeatable).")
    List<Path> reads = new ArrayList<>();

    @Option(names = "--requests", paramLabel = "Q.jsonl",
            description = "Service request JSON lines: commands sent to the DCC (repeatable).")
    List<Path> requests = new ArrayList<>();

    @Option(names = "--responses", paramLabel = "P.jsonl",
            description = "Service response JSON lines: the DCC's outcomes of those commands (repeatable).")
    List<Path> responses = new ArrayList<>();

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rule-set version folder (default: " + GridAlarmOptions.DEFAULT_RULE_SET + ").")
    Path rules;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2", description = "Flink parallelism "
            + "(default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @CommandLine.Mixin
    ReadsLatenessOption lateness = new ReadsLatenessOption();

    @Option(names = "--as-received",
            description = "Reproduce what a live job did: evaluate each record where that job, run with the clock "
                    + "options below, evaluated it, given when the record arrived (its receivedAt, as 'export' "
                    + "writes it from the topics; else an alert at its time, a read in the next night's batch).")
    boolean asReceived;

    @CommandLine.Mixin
    ClockOptions clocks = new ClockOptions();

    @Override
    public Integer call() throws Exception {
        ReplaySettings settings;
        try {
            settings = settings(spec, registry, network, new Inputs(events, reads, requests, responses), rules, out,
                    parallelism).withReadsLateness(lateness.readsLateness);
            LiveClocks live = clocks.clocks();
            if (asReceived) {
                settings = settings.asReceivedBy(live);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ReplaySummary summary = replay(settings, quiet);
        spec.commandLine().getOut().print(summary.describe());
        return 0;
    }

    /** The input files of a replay, by kind. */
    record Inputs(List<Path> events, List<Path> reads, List<Path> requests, List<Path> responses) {
    }

    /** Checks flags and files up front; a problem is a usage error, not a failed job. */
    static ReplaySettings settings(CommandLine.Model.CommandSpec spec, Path registry, Path network, Inputs inputs,
                                   Path rules, Path out, int parallelism) {
        try {
            ReplaySettings.Builder builder = ReplaySettings.builder().registry(registry).network(network).outDir(out)
                    .parallelism(parallelism);
            inputs.events().forEach(builder::eventFile);
            inputs.reads().forEach(builder::readFile);
            inputs.requests().forEach(builder::requestFile);
            inputs.responses().forEach(builder::responseFile);
            if (rules != null) {
                builder.ruleSet(rules);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Checks the network file and compiles the rule set before the job, then runs it with progress on stderr. The
     * registry's rows are checked as the job reads them (a fleet's registry is never held whole in one JVM).
     */
    static ReplaySummary replay(ReplaySettings settings, boolean quiet) throws Exception {
        if (settings.network() != null) {
            NetworkCsv.read(settings.network());
        }
        DroolsMeterRules.load(settings.ruleSet()).close();
        long started = System.nanoTime();
        return ReplayJob.run(settings, (lines, records) -> {
            if (!quiet) {
                double seconds = (System.nanoTime() - started) / 1e9;
                System.err.printf(Locale.ROOT, "replay: %.0f s, %,d lines read (%,.0f/s), %,d records evaluated%n",
                        seconds, lines, lines / Math.max(seconds, 0.001), records);
            }
        });
    }
}
