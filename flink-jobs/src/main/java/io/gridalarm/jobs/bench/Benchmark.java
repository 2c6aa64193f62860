package io.gridalarm.jobs.bench;

import io.gridalarm.jobs.GridAlarmOptions;
import io.gridalarm.jobs.PipelineParts;
import io.gridalarm.jobs.ReplayJob;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.ReplaySummary;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.jobs.generate.FleetGenerator;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.RecordKind;
import io.gridalarm.rules.OutageRollUp;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of the replay in one run, as ratios: the full pipeline with Drools, the same pipeline with the
 * default rules hand-coded in Java (the rule engine's baseline), parsing and validation with the registry join, and
 * parsing and validation alone (the ceiling). The two last differ by the registry join alone, so their difference
 * is the join's share of the full pipeline's time: both hand their records on over the network, as the pipeline's
 * front hands them to the rules by location with or without a join (the join adds its own shuffle by meter, its sort
 * and its matching, which is what is charged to it). Each figure includes job start-up, as a user's replay does, but
 * not the JIT's warm-up: a first round, not measured, runs every pipeline once.
 */
public final class Benchmark {

    /** What to measure. */
    public record Settings(int meters, int days, long seed, int parallelism, int rounds, Path workDir) {
        public Settings {
            if (meters < 1 || days < 1 || parallelism < 1 || rounds < 1) {
                throw new IllegalArgumentException("Meters, days, parallelism and rounds must be positive.");
            }
        }
    }

    /**
     * One measured pipeline: wall time, and the CPU time this JVM spent meanwhile (the embedded cluster runs in it),
     * which other tenants of a shared machine do not inflate as they do wall time; {@code summary} what its replay
     * reported.
     */
    public record Figure(String pipeline, long lines, double seconds, double cpuSeconds, ReplaySummary summary) {
        public double linesPerSecond() {
            return lines / seconds;
        }
    }

    /** The storm scenario: throughput, and how many meters off supply each outage alarm stands for. */
    public record Storm(Figure figure, int metersOff, long outageAlarms) {
        public double metersPerAlarm() {
            return outageAlarms == 0 ? 0 : (double) metersOff / outageAlarms;
        }
    }

    /** The figures of one benchmark run. */
    public record Result(long lines, int rounds, Figure full, Figure handCoded, Figure joined, Figure parseOnly,
                         List<Double> roundJoinShares, List<Double> roundCpuJoinShares, Storm storm) {

        public Result {
            roundJoinShares = List.copyOf(roundJoinShares);
            roundCpuJoinShares = List.copyOf(roundCpuJoinShares);
        }

        /** The share of the full pipeline's time that the registry join takes (its start-up cancels out). */
        public double joinShare() {
            return joinShare(joined, parseOnly, full);
        }

        static double joinShare(Figure joined, Figure parseOnly, Figure full) {
            return joinShare(joined, parseOnly, full, Figure::seconds);
        }

        /** The join's share of the full pipeline's time as the measure gives it (wall or CPU seconds). */
        static double joinShare(Figure joined, Figure parseOnly, Figure full, ToDoubleFunction<Figure> seconds) {
            return (seconds.applyAsDouble(joined) - seconds.applyAsDouble(parseOnly)) / seconds.applyAsDouble(full);
        }

        /**
         * The median of the rounds' own join shares: each from three runs minutes apart, where the best figures may
         * come from different rounds, so it is the steadier figure on a machine whose speed drifts.
         */
        public double medianRoundJoinShare() {
            return median(roundJoinShares);
        }

        /** The median of the rounds' own join shares of CPU time. */
        public double medianRoundCpuJoinShare() {
            return median(roundCpuJoinShares);
        }

        private static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        private static String percents(List<Double> shares) {
            return String.join(", ", shares.stream().map(share -> String.format(Locale.ROOT, "%.0f%%", 100 * share))
                    .toList());
        }

        public String describe() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "Benchmark over %,d input lines (reads, events, service requests "
                    + "and responses), one JVM, best of %d rounds:%n", lines, rounds));
            for (Figure f : new Figure[] {full, handCoded, joined, parseOnly}) {
                s.append(String.format(Locale.ROOT, "  %-34s %8.2f s  %,12.0f records/s  (CPU %.2f s)%n",
                        f.pipeline(), f.seconds(), f.linesPerSecond(), f.cpuSeconds()));
            }
            s.append(String.format(Locale.ROOT, "  full / hand-coded baseline  = %.2f  (target >= %.2f)%n",
                    full.linesPerSecond() / handCoded.linesPerSecond(), 1 / 1.5));
            s.append(String.format(Locale.ROOT, "  full / parse-only ceiling   = %.2f%n",
                    full.linesPerSecond() / parseOnly.linesPerSecond()));
            s.append(String.format(Locale.ROOT, "  registry join               = %.0f%% of the full pipeline's time "
                    + "(target <= 20%%); each round's own: %s, median %.0f%%%n", 100 * joinShare(),
                    percents(roundJoinShares), 100 * medianRoundJoinShare()));
            s.append(String.format(Locale.ROOT, "  registry join, CPU time     = each round's own: %s, median %.0f%%%n",
                    percents(roundCpuJoinShares), 100 * medianRoundCpuJoinShare()));
            s.append(String.format(Locale.ROOT,
                    "  full pipeline               = %,.0f records/s  (target >= 200,000)%n",
                    full.linesPerSecond()));
            ReplaySummary drools = full.summary();
            s.append(String.format(Locale.ROOT, "  voltage: %,d meter voltage alarms raised, sent as %,d = %.1f per "
                    + "alarm sent (one per asset out of range as a whole)%n", drools.voltageMeterAlarms(),
                    drools.voltageAlarmsRaised(), drools.voltageAlarmsRaised() == 0 ? 0
                            : (double) drools.voltageMeterAlarms() / drools.voltageAlarmsRaised()));
            s.append(String.format(Locale.ROOT, "Storm scenario (%,d lines, %,d meters off supply): %.2f s, "
                    + "%,.0f records/s, "
                    + "%,d outage alarm emissions = %.1f meters off per alarm sent%n", storm.figure().lines(),
                    storm.metersOff(), storm.figure().seconds(), storm.figure().linesPerSecond(), storm.outageAlarms(),
                    storm.metersPerAlarm()));
            return s.toString();
        }
    }

    private Benchmark() {
    }

    public static Result run(Settings settings, PrintWriter log) throws Exception {
        Path data = settings.workDir().resolve("fleet");
        log.printf(Locale.ROOT, "Generating %,d meters x %d days into %s ...%n", settings.meters(), settings.days(),
                data);
        log.flush();
        FleetGenerator.Written fleet = new FleetGenerator(new FleetGenerator.Settings(settings.meters(),
                settings.days(), settings.seed(), Instant.parse("2026-11-01T00:00:00Z"), 0.0005)).writeTo(data);
        long lines = fleet.eventLines() + fleet.readLines() + fleet.requestLines() + fleet.responseLines();
        ReplaySettings.Builder base = ReplaySettings.builder().registry(fleet.registry()).eventFile(fleet.events())
                .readFile(fleet.reads()).requestFile(fleet.requests()).responseFile(fleet.responses())
                .parallelism(settings.parallelism());

        log.println("Warm-up round, not measured: every pipeline once over the same input, so the JIT has compiled "
                + "their hot paths before any is timed (a fleet's replay runs for hours; its warm-up is seconds) ...");
        log.flush();
        Round warmUp = round(base, settings, lines);
        log.printf(Locale.ROOT, "  parse-only %.2f s, with the join %.2f s, hand-coded %.2f s, Drools %.2f s%n",
                warmUp.parseOnly().seconds(), warmUp.joined().seconds(), warmUp.handCoded().seconds(),
                warmUp.full().seconds());
        Figure parseOnly = null;
        Figure joined = null;
        Figure handCoded = null;
        Figure full = null;
        List<Double> roundJoinShares = new ArrayList<>();
        List<Double> roundCpuJoinShares = new ArrayList<>();
        for (int number = 1; number <= settings.rounds(); number++) {
            log.printf(Locale.ROOT, "Round %d of %d: parse-only, with the registry join, hand-coded rules, Drools "
                    + "rules ...%n", number, settings.rounds());
            log.flush();
            Round round = round(base, settings, lines);
            roundJoinShares.add(Result.joinShare(round.joined(), round.parseOnly(), round.full()));
            roundCpuJoinShares.add(Result.joinShare(round.joined(), round.parseOnly(), round.full(),
                    Figure::cpuSeconds));
            log.printf(Locale.ROOT, "  parse-only %.2f s, with the join %.2f s, Drools %.2f s: join %.0f%%; CPU "
                    + "%.2f s, %.2f s, %.2f s: join %.0f%%%n", round.parseOnly().seconds(), round.joined().seconds(),
                    round.full().seconds(), 100 * roundJoinShares.get(roundJoinShares.size() - 1),
                    round.parseOnly().cpuSeconds(), round.joined().cpuSeconds(), round.full().cpuSeconds(),
                    100 * roundCpuJoinShares.get(roundCpuJoinShares.size() - 1));
            parseOnly = best(parseOnly, round.parseOnly());
            joined = best(joined, round.joined());
            handCoded = best(handCoded, round.handCoded());
            full = best(full, round.full());
        }
        log.println("Storm scenario ...");
        log.flush();
        return new Result(lines, settings.rounds(), full, handCoded, joined, parseOnly, roundJoinShares,
                roundCpuJoinShares, storm(settings));
    }

    /** A third of the HV feeders trip in a storm; the full pipeline replays it once, with its network. */
    private static Storm storm(Settings settings) throws Exception {
        FleetGenerator.Written fleet = new FleetGenerator(new FleetGenerator.Settings(settings.meters(),
                settings.days(), settings.seed() + 1, Instant.parse("2026-11-01T00:00:00Z"), 0.0005, 1.0 / 3))
                .writeTo(settings.workDir().resolve("storm-fleet"));
        long lines = fleet.eventLines() + fleet.readLines();
        double cpu = cpuSeconds();
        ReplaySummary summary = ReplayJob.run(ReplaySettings.builder().registry(fleet.registry())
                .network(fleet.network()).eventFile(fleet.events()).readFile(fleet.reads())
                .parallelism(settings.parallelism())
                .outDir(settings.workDir().resolve("storm")).build(), ReplayJob.ProgressListener.none());
        long outageAlarms = summary.alarmsByKind().getOrDefault(OutageRollUp.KIND, 0L)
                + summary.alarmsByKind().getOrDefault(OutageRollUp.NESTED_KIND, 0L);
        return new Storm(new Figure("storm, full pipeline", lines, summary.wallSeconds(), cpuSeconds() - cpu,
                summary), fleet.stormMeters(),
                outageAlarms);
    }

    /** The faster of two measurements of the same pipeline: on a shared machine the slower one carries noise. */
    private static Figure best(Figure so, Figure far) {
        return so == null || far.seconds() < so.seconds() ? far : so;
    }

    /** One run of each pipeline over the fleet. */
    private record Round(Figure parseOnly, Figure joined, Figure handCoded, Figure full) {
    }

    private static Round round(ReplaySettings.Builder base, Settings settings, long lines) throws Exception {
        ReplaySettings discarded = base.outDir(settings.workDir().resolve("parse-only")).build();
        Figure parseOnly = frontOnly(discarded, false, lines);
        Figure joined = frontOnly(discarded, true, lines);
        Figure handCoded = replay("full pipeline, hand-coded rules", base.engine(RuleEngine.HAND_CODED)
                .outDir(settings.workDir().resolve("hand-coded")).build(), lines);
        Figure full = replay("full pipeline, Drools rule set", base.engine(RuleEngine.DROOLS)
                .outDir(settings.workDir().resolve("drools")).build(), lines);
        return new Round(parseOnly, joined, handCoded, full);
    }

    private static Figure replay(String name, ReplaySettings settings, long lines) throws Exception {
        double cpu = cpuSeconds();
        ReplaySummary summary = ReplayJob.run(settings, ReplayJob.ProgressListener.none());
        if (summary.linesRead() != lines) {
            throw new IllegalStateException(name + " read " + summary.linesRead() + " lines, expected " + lines + ".");
        }
        return new Figure(name, lines, summary.wallSeconds(), cpuSeconds() - cpu, summary);
    }

    /**
     * The pipeline's front alone, its output handed on over the network and discarded: parsing and validation, with
     * or without the join. Without it, the records go on without their lines (a joined record carries none either).
     */
    private static Figure frontOnly(ReplaySettings settings, boolean join, long lines) throws Exception {
        double cpu = cpuSeconds();
        long started = System.nanoTime();
        StreamExecutionEnvironment env = ReplayJob.environment(settings);
        DataStream<DeadLetter> deadLetters;
        if (join) {
            PipelineParts.Inputs inputs = ReplayJob.validatedInputs(env, settings);
            inputs.records().rebalance().sinkTo(new DiscardingSink<MeterRecord>()).uid("discard-records")
                    .name("discard records");
            deadLetters = inputs.deadLetters();
        } else {
            PipelineParts.Parsed parsed = PipelineParts.parsed(ReplayJob.inputLines(env, settings),
                    List.of(RecordKind.values()));
            parsed.valid().map(input -> input.from(null), GridAlarmTypes.PARSED_INPUT).uid("handed-on-inputs")
                    .name("inputs handed on").rebalance()
                    .sinkTo(new DiscardingSink<ParsedInput>()).uid("discard-inputs").name("discard inputs");
            deadLetters = parsed.deadLetters();
        }
        deadLetters.sinkTo(new DiscardingSink<DeadLetter>()).uid("discard-dead-letters").name("discard dead letters");
        env.execute("gridalarm parse-only benchmark");
        return new Figure(join ? "parse + validate + registry join" : "parse + validate only (ceiling)", lines,
                (System.nanoTime() - started) / 1e9, cpuSeconds() - cpu, null);
    }

    /** CPU time this JVM has used, every thread's. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** The default work folder, under the project's target folder. */
    public static Path defaultWorkDir() {
        return GridAlarmOptions.home().resolve("target").resolve("bench");
    }
}
