package io.gridalarm.jobs;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.connectors.kafka.RegistryTopics;
import io.gridalarm.jobs.functions.AlarmPoints;
import io.gridalarm.jobs.functions.ControlMessage;
import io.gridalarm.jobs.functions.EvaluateRules;
import io.gridalarm.jobs.functions.FeederVoltage;
import io.gridalarm.jobs.functions.InputOrder;
import io.gridalarm.jobs.functions.LineClock;
import io.gridalarm.jobs.functions.NoClock;
import io.gridalarm.jobs.functions.ReliabilityTotals;
import io.gridalarm.jobs.functions.SilenceSchedule;
import io.gridalarm.jobs.functions.SupplyStatePoints;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.InputException;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.Party;
import io.gridalarm.model.RecordKind;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.rules.Thresholds;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The live job: meter events and interval reads from Kafka through the same validation, rules and access control
 * as a replay, alarms and dead letters to Kafka in transactions (exactly once with checkpoints), and alarms,
 * per-feeder voltage statistics and reliability figures to InfluxDB with idempotent points.
 */
public final class LiveJob {

    /** Late reads still update their half hour's voltage point for this long. */
    static final Duration VOLTAGE_LATENESS = Duration.ofHours(1);

    private LiveJob() {
    }

    /**
     * Wires the live job: sources -> validate -> de-duplicate -> rules -> access control -> the sink for Kafka and,
     * when there is one, the sink for InfluxDB (alarm points, supply states, feeder voltage per half hour,
     * reliability totals).
     */
    public static void buildPipeline(StreamExecutionEnvironment env, LiveSettings settings,
                                     LiveConnections connections) {
        // Two clocks (settings.clocks()): alerts arrive within seconds, reads in the next day's batch.
        Thresholds thresholds = PipelineParts.thresholdsOf(settings.ruleSet());
        LiveClocks clocks = settings.clocks();
        PipelineParts.Lines lines = new PipelineParts.Lines(
                lines(env, connections.events(), "events",
                        LineClock.strategy(RecordKind.EVENT, clocks.alertsOutOfOrder(), clocks.quietPeriod(),
                                clocks.idleAfter())),
                lines(env, connections.reads(), "reads",
                        LineClock.strategy(RecordKind.READ, clocks.readsOutOfOrder(), clocks.quietPeriod(),
                                clocks.idleAfter())),
                lines(env, connections.requests(), "requests", LineClock.offTheClock(RecordKind.REQUEST)),
                lines(env, connections.responses(), "responses", LineClock.offTheClock(RecordKind.RESPONSE)));
        PipelineParts.Inputs inputs = PipelineParts.validated(lines,
                connections.registry().histories(env), connections.network() == null ? null
                        : connections.network().places(env), thresholds.readLimits(), settings.registryWait(),
                clocks.quietPeriod(), settings.duplicateHorizon(), false);
        // A stream has no last event time: its control input is the rule-set versions published while it runs.
        DataStream<ControlMessage> ruleSets = env.fromSource(connections.ruleSets(), NoClock.<NumberedLine>strategy(),
                        "rule-sets topic")
                .uid("rule-sets-topic").name("rule-sets topic " + settings.ruleSetsTopic())
                .map(line -> ControlMessage.ruleSet(line.text()), GridAlarmTypes.CONTROL).uid("rule-set-versions")
                .name("rule-set versions");
        SingleOutputStreamOperator<Alarm> alarms = PipelineParts.evaluated(
                inputs.events().union(PipelineParts.inReadOrder(inputs.reads(),
                        SilenceSchedule.of(thresholds, settings.readsLateness()))), ruleSets,
                settings.ruleSet(), settings.engine(), InputOrder.STREAM, settings.trustedKeys(),
                settings.readsLateness(), clocks.idleAfter());
        DataStream<OutputLine> routed = PipelineParts.routed(alarms, inputs.events(), settings.ruleSet());
        OutputTopics topics = settings.outputTopics();
        DataStream<OutputLine> supplyLines = PipelineParts.supplyLines(alarms, settings.ruleSet());
        routed.union(PipelineParts.deadLetterLines(inputs.deadLetters()),
                        alarms.getSideOutput(EvaluateRules.RULE_SET_STATUS), supplyLines)
                .filter(line -> topics.destinationOf(line) != null).uid("kafka-bound-lines")
                .name("lines for Kafka")
                .sinkTo(connections.kafkaLines())
                .uid("kafka-output").name("alarms, supply states, status reads, dead letters, audit and rule-set "
                        + "status to Kafka");
        if (connections.influxPoints() != null) {
            DataStream<InfluxPoint> alarmPoints = routed.flatMap(new AlarmPoints(), GridAlarmTypes.INFLUX_POINT)
                    .uid("alarm-points").name("alarm points");
            DataStream<InfluxPoint> supplyStatePoints = supplyLines.flatMap(new SupplyStatePoints(),
                    GridAlarmTypes.INFLUX_POINT).uid("supply-state-points").name("supply-state points");
            DataStream<InfluxPoint> voltagePoints = inputs.reads()
                    .filter(record -> record.read() != null && record.read().hasVoltage()).uid("reads-with-voltage")
                    .name("reads with voltage")
                    .keyBy(FeederVoltage::feederKey, Types.STRING)
                    .window(TumblingEventTimeWindows.of(Duration.ofMinutes(30)))
                    .allowedLateness(VOLTAGE_LATENESS)
                    .aggregate(new FeederVoltage.Aggregate(), new FeederVoltage.ToPoint(),
                            GridAlarmTypes.VOLTAGE_STATS, GridAlarmTypes.VOLTAGE_STATS,
                            GridAlarmTypes.INFLUX_POINT)
                    .uid("feeder-voltage").name("feeder voltage per half hour");
            DataStream<InfluxPoint> reliabilityPoints = alarms.getSideOutput(EvaluateRules.RELIABILITY)
                    .keyBy(OutputLine::sortKey, Types.STRING)
                    .process(new ReliabilityTotals(), GridAlarmTypes.INFLUX_POINT)
                    .uid("reliability-totals").name("reliability totals");
            alarmPoints.union(supplyStatePoints, voltagePoints, reliabilityPoints)
                    .sinkTo(connections.influxPoints())
                    .uid("influx-output").name("points to InfluxDB");
        }
    }

    /**
     * Creates the topics the job reads and writes that do not exist yet (inputs and operator outputs with the given
     * partitions, the rule-sets control topic with one, so versions stay in the order they were published), and
     * loads the settings' registry (and network) file, if any, into the registry (and network) topic (only what
     * changed is sent) and creates the alarm topic and the compacted supply-state topic of every party it names. A
     * party new to the registry topic while the job runs gets its topics with its first alarm or state.
     */
    public static void prepareTopics(LiveSettings settings, int partitions) throws IOException, InterruptedException {
        List<String> topics = new ArrayList<>(settings.inputTopics().all());
        topics.addAll(settings.outputTopics().all());
        LocalKafka.createTopics(settings.kafka(), partitions, topics);
        LocalKafka.createTopics(settings.kafka(), 1, List.of(settings.ruleSetsTopic()));
        if (settings.registry() != null) {
            try {
                RegistryTopics.load(settings.kafka(), settings.registry(), settings.network(),
                        settings.registryTopic(), settings.networkTopic(), partitions);
                Set<Party> parties = new TreeSet<>(RegistryCsv.read(settings.registry()).parties());
                parties.add(Party.SECURITY);
                OutputTopics out = settings.outputTopics();
                LocalKafka.createTopics(settings.kafka(), partitions, parties.stream()
                        .flatMap(p -> out.partyTopics(p.type(), p.id()).stream()).toList(), out::isCompacted);
            } catch (InputException | ExecutionException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** A source's records as lines for validation, stamped with their own time, on the input's clock. */
    /** The lines of a source on its clock, or null for no source. */
    private static DataStream<NumberedLine> lines(StreamExecutionEnvironment env, Source<NumberedLine, ?, ?> source,
                                                  String name, WatermarkStrategy<NumberedLine> clock) {
        return source == null ? null : env.fromSource(source, clock, name + " topic")
                .uid(name + "-topic").name(name + " topic");
    }

    /**
     * The live job's configuration: exactly-once unaligned checkpoints every interval, retained when the job is
     * cancelled or its process killed, and resumed from the latest one found under the checkpoint folder.
     */
    public static Configuration configuration(LiveSettings settings) throws IOException {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, settings.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, settings.checkpointInterval().dividedBy(2));
        // Alarms are committed with checkpoints. An aligned barrier queues behind a night's batch of reads already
        // on their way to the rules, so alert alarms would wait for the batch; an unaligned one overtakes it.
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(StateBackendOptions.STATE_BACKEND, settings.stateBackend().flinkName());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, settings.stateBackend().incremental());
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // As in the replay, every value crossing operators is immutable, so chained operators need not copy them.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, GridAlarmOptions.WATERMARK_INTERVAL);
        if (settings.checkpoints() != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointUri(settings.checkpoints()));
            latestCheckpoint(settings.checkpoints()).ifPresent(checkpoint ->
                    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toString()));
        } else {
            // Not in the JobManager's memory (5 MB at most): a night's batch of reads waiting for its order is
            // more than that. A fresh folder, so nothing is resumed.
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    Files.createTempDirectory("gridalarm-checkpoints-").toUri().toString());
        }
        conf.addAll(GridAlarmOptions.flinkOverrides());
        return conf;
    }

    private static String checkpointUri(String location) {
        return location.contains("://") ? location : Path.of(location).toAbsolutePath().toUri().toString();
    }

    /** The newest completed checkpoint (a {@code chk-N} folder with its metadata) under a local folder. */
    public static Optional<Path> latestCheckpoint(String location) throws IOException {
        if (location.contains("://") && !location.startsWith("file:")) {
            return Optional.empty();
        }
        Path root = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(root, 3, (path, attributes) ->
                path.getFileName().toString().equals("_metadata")
                        && path.getParent().getFileName().toString().startsWith("chk-"))) {
            return files.map(Path::getParent).max(Comparator.comparingLong(LiveJob::modified));
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The environment for the live job: the cluster's when submitted there, else an embedded MiniCluster. */
    public static StreamExecutionEnvironment environment(LiveSettings settings) throws IOException {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(settings));
        env.setParallelism(settings.parallelism());
        return env;
    }
}
