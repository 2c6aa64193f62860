package io.gridalarm.jobs;

import io.gridalarm.connectors.NumberedLineSource;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.jobs.functions.ControlMessage;
import io.gridalarm.jobs.functions.EvaluateRules;
import io.gridalarm.jobs.functions.GatherHistory;
import io.gridalarm.jobs.functions.InputOrder;
import io.gridalarm.jobs.functions.LocalProgress;
import io.gridalarm.jobs.functions.MeterKey;
import io.gridalarm.jobs.functions.RegistryRows;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AssetKind;
import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.InputException;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkAsset;
import io.gridalarm.model.NetworkCsv;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.RegistryCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bounded replay: event and read files through validation, duplicate removal, the rule set and access
 * control into one file per party, plus dead letters and the audit trail; records in event-time order, or as a
 * live job received them.
 */
public final class ReplayJob {

    private ReplayJob() {
    }

    /** Hears a running replay's progress. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long linesRead, long recordsEvaluated);

        /** A listener that ignores progress. */
        static ProgressListener none() {
            return (lines, records) -> { };
        }
    }

    /**
     * Wires the whole replay: sources -> validate -> registry join by meter -> de-duplicate -> key by network
     * location -> rules and access control -> files.
     */
    public static void buildPipeline(StreamExecutionEnvironment env, ReplaySettings settings, Path stagingDir) {
        PipelineParts.Inputs inputs = validatedInputs(env, settings);
        // The input's last event time, so deadlines up to it are settled even where a location's records end early;
        // as received, the live job's alert clock once everything had arrived.
        DataStream<MeterRecord> records = inputs.records();
        DataStream<ControlMessage> end = inputs.lastEventTimes();
        InputOrder order = InputOrder.EVENT_TIME;
        if (settings.asReceived() != null) {
            order = InputOrder.AS_RECEIVED;
            PipelineParts.Placed placed = PipelineParts.asReceived(records, settings.asReceived());
            records = placed.records();
            end = placed.alertsEnd();
        }
        // Sorted input never holds reads for the alerts' clock: the live job's holding is in the placement.
        SingleOutputStreamOperator<Alarm> alarms = PipelineParts.evaluated(records, end,
                settings.ruleSet(), settings.engine(), order, Map.of(), settings.readsLateness(),
                LiveClocks.DEFAULT.idleAfter());
        PipelineParts.routed(alarms, inputs.events(), settings.ruleSet())
                .union(PipelineParts.deadLetterLines(inputs.deadLetters()),
                        alarms.getSideOutput(EvaluateRules.RELIABILITY),
                        PipelineParts.supplyLines(alarms, settings.ruleSet()))
                .sinkTo(StagedOutputFiles.sink(stagingDir)).uid("output-files").name("output files");
    }

    /**
     * The front of every pipeline over files: sources, validation, the registry join (the registry file read as
     * its changelog, in pieces) and duplicate removal.
     */
    public static PipelineParts.Inputs validatedInputs(StreamExecutionEnvironment env, ReplaySettings settings) {
        return PipelineParts.validated(inputLines(env, settings), registryHistories(env, settings.registry()),
                settings.network() == null ? null : substationPlaces(env, settings.network()),
                PipelineParts.readLimitsOf(settings.ruleSet()), GridAlarmOptions.DEFAULT_REGISTRY_WAIT,
                LiveClocks.DEFAULT.quietPeriod(), settings.duplicateHorizon(), numberedMeters(settings.registry()));
    }

    /**
     * Whether every meter id of the registry file is a number with an exact {@link MeterKey}, the file read one row at
     * a time before the job is built.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    static boolean numberedMeters(Path registry) {
        try {
            return RegistryCsv.allMeterIds(registry, MeterKey::isExact);
        } catch (InputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The lines of the settings' input files, by kind. */
    public static PipelineParts.Lines inputLines(StreamExecutionEnvironment env, ReplaySettings settings) {
        return new PipelineParts.Lines(lines(env, settings.eventFiles(), "event-files"),
                lines(env, settings.readFiles(), "read-files"), lines(env, settings.requestFiles(), "request-files"),
                lines(env, settings.responseFiles(), "response-files"));
    }

    /**
     * Every meter's registry history from a registry file, as the changelog topic would hold it: the file read in
     * pieces and its rows gathered by meter (a bounded run sends only each meter's whole history on). A bad row stops
     * the job with file, line and reason, two rows of a meter valid from the same instant with file and meter.
     */
    static DataStream<MeterHistory> registryHistories(StreamExecutionEnvironment env, Path registry) {
        return lines(env, List.of(registry), "registry-file")
                .flatMap(new RegistryRows(registry.toString()), GridAlarmTypes.METER_HISTORY)
                .uid("registry-rows").name("registry rows")
                .keyBy(MeterHistory::meterId, Types.STRING)
                .reduce(new GatherHistory(registry.toString())).uid("registry-histories")
                .name("each meter's registry history")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<MeterHistory>noWatermarks()
                        .withTimestampAssigner((history, previous) -> MeterRecord.REGISTRY_TIME.toEpochMilli()))
                .uid("registry-time").name("registry before records");
    }

    /**
     * Where the network file puts each secondary substation (the assets above it), as the network changelog would
     * tell it, before everything else. The tree is resolved here, where the job is built, from the file (a network is
     * a small part of a registry's size: one substation per hundred or more meters); only the substations' places
     * go into the job, each to its own key.
     *
     * @throws IllegalArgumentException when the file cannot be used
     */
    static DataStream<AssetPlace> substationPlaces(StreamExecutionEnvironment env, Path network) {
        Map<String, NetworkAsset> assets;
        try {
            assets = NetworkCsv.read(network);
        } catch (InputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<AssetPlace> places = assets.values().stream()
                .filter(asset -> asset.kind() == AssetKind.SECONDARY_SUBSTATION)
                .map(asset -> new AssetPlace(asset.assetId(), NetworkPath.above(asset, assets))).toList();
        return env.fromData(places, GridAlarmTypes.ASSET_PLACE).uid("network-file").name("network file " + network)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<AssetPlace>noWatermarks()
                        .withTimestampAssigner((place, previous) -> MeterRecord.NETWORK_TIME.toEpochMilli()))
                .uid("network-time").name("network before records");
    }

    private static DataStream<NumberedLine> lines(StreamExecutionEnvironment env, List<Path> files, String name) {
        if (files.isEmpty()) {
            return null;
        }
        return env.fromSource(NumberedLineSource.builder().files(files).build(), WatermarkStrategy.noWatermarks(),
                name).uid(name).name(name);
    }

    /**
     * The execution environment of a replay of the settings' files: batch mode, object reuse, no silent Kryo, no
     * restarts, and the memory of {@link ReplayMemory} (sort memory for the size of the input, pages for the
     * parallelism).
     */
    public static StreamExecutionEnvironment environment(ReplaySettings settings) {
        return environment(settings.parallelism(), sizeOf(settings.eventFiles()) + sizeOf(settings.readFiles()));
    }

    private static long sizeOf(List<Path> files) {
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                // The source reports an unreadable file, with its name, when the job runs.
            }
        }
        return bytes;
    }

    private static StreamExecutionEnvironment environment(int parallelism, long inputBytes) {
        Configuration conf = ReplayMemory.of(parallelism, inputBytes);
        // Measured with bin/gridalarm bench: uncompressed local shuffles are faster on a 2-core machine.
        conf.set(NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC,
                NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
        conf.addAll(GridAlarmOptions.flinkOverrides());
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * Runs a replay to completion on the embedded MiniCluster and publishes its files; {@code progress} hears
     * the lines read and records evaluated every couple of seconds.
     */
    public static ReplaySummary run(ReplaySettings settings, ProgressListener progress) throws Exception {
        long started = System.nanoTime();
        Path out = settings.outDir();
        clearPreviousOutput(out);
        Path staging = out.resolve(".staging");
        StreamExecutionEnvironment env = environment(settings);
        buildPipeline(env, settings, staging);
        LocalProgress.reset();
        JobClient client = env.executeAsync("gridalarm replay");
        JobExecutionResult result = Progress.await(client, progress);
        Map<String, Map<String, Long>> files = StagedOutputFiles.publish(staging, out);
        files.remove(OutputLine.RELIABILITY);
        Reliability.write(out);
        ReplaySummary summary = ReplaySummary.of(settings, result.getAllAccumulatorResults(), files,
                (System.nanoTime() - started) / 1e9);
        summary.write(out.resolve("summary.json"));
        return summary;
    }

    /** Removes the files an earlier replay into the same folder wrote, and nothing else. */
    static void clearPreviousOutput(Path out) throws IOException {
        Files.createDirectories(out);
        for (String name : List.of("network-operator", "supplier", "security", OutputLine.SUPPLY_STATE, ".staging")) {
            StagedOutputFiles.deleteRecursively(out.resolve(name));
        }
        for (String name : List.of("dead-letters.jsonl", "audit.jsonl", "summary.json", "reliability.json",
                OutputLine.DCC_REQUESTS + ".jsonl")) {
            Files.deleteIfExists(out.resolve(name));
        }
    }
}
