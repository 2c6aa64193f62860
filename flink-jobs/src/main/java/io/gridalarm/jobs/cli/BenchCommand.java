package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.AlarmDelivery;
import io.gridalarm.jobs.StateBackendKind;
import io.gridalarm.jobs.bench.Benchmark;
import io.gridalarm.jobs.bench.LiveBenchmark;
import io.gridalarm.jobs.bench.LiveStormBenchmark;
import io.gridalarm.jobs.bench.RegistryScale;
import io.gridalarm.jobs.bench.StormBenchmark;
import io.gridalarm.jobs.local.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Option(names = "--live", description = "Measure the live path instead: a real broker, the live job, sustained "
            + "records/s after warm-up and ingest-to-alarm latency.")
    boolean live;

    @Option(names = "--registry-scale", description = "Measure the registry at fleet scale instead: generated "
            + "registries (--registry-sizes) loaded into the changelog topic and taken into the live job's RocksDB "
            + "state; load time, the job's heap, the state on disk, and the heap the file took per TaskManager before.")
    boolean registryScale;

    @Option(names = "--registry-sizes", split = ",", paramLabel = "N[,N...]", defaultValue = "1000000,5000000",
            description = "With --registry-scale: registry sizes in meters (default: ${DEFAULT-VALUE}).")
    List<Integer> registrySizes;

    @Option(names = "--storm", description = "Measure a storm at fleet scale instead: a generated network "
            + "(--storm-meters) whose storm trips a share of its HV feeders (--storm-share) and some whole "
            + "primaries, replayed on its alerts with its network file; outage alarm emissions, premises off per "
            + "emission, how soon the storm's outages were all raised, records/s and peak heap. With --live: the "
            + "storm's hour sent live (time compressed by --storm-speed-up) to the live job on a real broker, and "
            + "the time from its clock passing each group outage's release to the alarm committed.")
    boolean storm;

    @Option(names = "--storm-meters", defaultValue = "1000000", paramLabel = "N",
            description = "With --storm: meters in the network (default: ${DEFAULT-VALUE}).")
    int stormMeters;

    @Option(names = "--storm-share", defaultValue = "0.4", paramLabel = "P",
            description = "With --storm: share of HV feeders the storm trips (default: ${DEFAULT-VALUE}).")
    double stormShare;

    @Option(names = "--storm-speed-up", defaultValue = "30", paramLabel = "X",
            description = "With --storm --live: event seconds sent per wall second (default: ${DEFAULT-VALUE}).")
    int stormSpeedUp;

    @Option(names = "--secure", description = "Live: the broker authenticates every client (SASL/SCRAM-SHA-512) "
            + "and authorises it by ACLs, as kafka --secure; --tls adds TLS on its listener.")
    boolean secure;

    @Option(names = "--tls", description = "Live, with --secure: TLS on the broker's listener (SASL_SSL).")
    boolean tls;

    @Option(names = "--checkpoint-interval", defaultValue = "500ms", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Live: checkpoint interval (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--out-of-order", defaultValue = "100ms", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Live: out-of-order bound (default: ${DEFAULT-VALUE}).")
    Duration outOfOrder;

    @Option(names = "--state-backend", paramLabel = "KIND", defaultValue = "hashmap",
            converter = RunCommand.StateBackendConverter.class,
            description = "Live (and --storm --live): where the job keeps its state, as run --state-backend: "
                    + "hashmap or rocksdb (default: ${DEFAULT-VALUE}).")
    StateBackendKind stateBackend;

    @Option(names = "--delivery", paramLabel = "GUARANTEE", defaultValue = "exactly-once",
            converter = RunCommand.DeliveryConverter.class,
            description = "Live (and --storm --live): how alarms reach Kafka, as run --delivery: exactly-once or "
                    + "at-least-once (default: ${DEFAULT-VALUE}).")
    AlarmDelivery delivery;

    @Option(names = "--probes-per-second", defaultValue = "200", paramLabel = "N",
            description = "Live: tamper alerts sent per second for the latency figure (default: ${DEFAULT-VALUE}).")
    int probesPerSecond;

    @Override
    public Integer call() throws Exception {
        if (registryScale && (live || storm)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--registry-scale is a benchmark of its "
                    + "own: run it without --live or --storm.");
        }
        if (storm && live) {
            return liveStorm();
        }
        if (storm) {
            return storm();
        }
        if (live) {
            return live();
        }
        if (registryScale) {
            return registryScale();
        }
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

    private LocalKafka.Security security() {
        if (tls && !secure) {
            throw new IllegalArgumentException("--tls goes with --secure.");
        }
        return !secure ? LocalKafka.Security.NONE : tls ? LocalKafka.Security.SCRAM_TLS : LocalKafka.Security.SCRAM;
    }

    private int liveStorm() throws Exception {
        LiveStormBenchmark.Settings settings;
        try {
            settings = new LiveStormBenchmark.Settings(stormMeters, stormShare, seed, parallelism, stormSpeedUp,
                    checkpointInterval, outOfOrder, work != null ? work : Benchmark.defaultWorkDir(), stateBackend,
                    delivery);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LiveStormBenchmark.Result result = LiveStormBenchmark.run(settings, spec.commandLine().getErr());
        spec.commandLine().getOut().print(result.describe());
        return 0;
    }

    private int storm() throws Exception {
        StormBenchmark.Settings settings;
        try {
            settings = new StormBenchmark.Settings(stormMeters, stormShare, seed, parallelism,
                    work != null ? work : Benchmark.defaultWorkDir());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        StormBenchmark.Result result = StormBenchmark.run(settings, spec.commandLine().getErr());
        spec.commandLine().getOut().print(result.describe());
        return 0;
    }

    private int registryScale() throws Exception {
        RegistryScale.Settings settings;
        try {
            settings = new RegistryScale.Settings(registrySizes, parallelism,
                    work != null ? work : Benchmark.defaultWorkDir());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        RegistryScale.Result result = RegistryScale.run(settings, spec.commandLine().getErr());
        spec.commandLine().getOut().print(result.describe());
        return 0;
    }

    private int live() throws Exception {
        LiveBenchmark.Settings settings;
        try {
            settings = new LiveBenchmark.Settings(meters, days, seed, parallelism,
                    checkpointInterval, outOfOrder, probesPerSecond, Duration.ofSeconds(15),
                    work != null ? work : Benchmark.defaultWorkDir(), security(), stateBackend, delivery);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LiveBenchmark.Result result = LiveBenchmark.run(settings, spec.commandLine().getErr());
        spec.commandLine().getOut().print(result.describe());
        return 0;
    }
}
