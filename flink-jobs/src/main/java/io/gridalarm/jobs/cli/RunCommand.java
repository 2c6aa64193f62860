package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.AlarmDelivery;
import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.jobs.GridAlarmOptions;
import io.gridalarm.jobs.LiveConnections;
import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.StateBackendKind;
import io.gridalarm.model.NetworkCsv;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.rules.DroolsMeterRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gridalarm run}: the live job on Kafka (and InfluxDB). Locally it runs on an embedded MiniCluster until
 * stopped; submitted to a Flink cluster (its {@link #main} is the job jar's entry point) it runs there.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the live job: Kafka topics in, exactly-once alarms out to Kafka (and InfluxDB).")
public final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    KafkaClientOptions kafka;

    @CommandLine.Mixin
    TopicOptions topics;

    @Option(names = "--registry", paramLabel = "R.csv",
            description = "Registry CSV to load into the registry topic first (only what changed is sent, as "
                    + "registry load does); without it the job reads the topic as registry load keeps it. Changes "
                    + "loaded while the job runs take effect from their validFrom.")
    Path registry;

    @Option(names = "--registry-topic", paramLabel = "TOPIC", defaultValue = KafkaAccess.REGISTRY_TOPIC,
            description = "The registry changelog topic (default: ${DEFAULT-VALUE}).")
    String registryTopic;

    @Option(names = "--network", paramLabel = "N.csv",
            description = "Network CSV (the tree above the registry's substations) to load into the network topic "
                    + "first, with --registry; without it the job reads the topic if there is one (outages then roll "
                    + "up through it), else the tree is the registry's feeders and substations.")
    Path network;

    @Option(names = "--network-topic", paramLabel = "TOPIC", defaultValue = KafkaAccess.NETWORK_TOPIC,
            description = "The network changelog topic (default: ${DEFAULT-VALUE}).")
    String networkTopic;

    @Option(names = "--registry-wait", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How long a record of a meter the job has not heard of waits for its registry row before "
                    + "it is dead-lettered as UNKNOWN_METER (default: ${DEFAULT-VALUE}).")
    Duration registryWait;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Rule-set version folder (default: " + GridAlarmOptions.DEFAULT_RULE_SET + ").")
    Path rules;

    @CommandLine.Mixin
    InfluxOptions influx;

    @Option(names = "--influx-credentials", paramLabel = "FILE",
            description = "The InfluxDB writer user's credentials (username=, password=), for a server with "
                    + "authentication whose databases parties sync made (influx-gridalarm-writer.properties).")
    Path influxCredentials;

    @Option(names = "--checkpoints", paramLabel = "DIR",
            description = "Checkpoint folder or URI; a restart resumes from the latest checkpoint in it.")
    String checkpoints;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION", defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Checkpoint interval; alarms are committed to Kafka at each (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--trusted-keys", paramLabel = "KEY.pub|DIR",
            description = "Public key (or a folder of .pub files) whose signature on a published rule-set version "
                    + "this job accepts (repeatable); without one, every published version is refused.")
    List<Path> trustedKeys = new ArrayList<>();

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @CommandLine.Mixin
    ClockOptions clocks = new ClockOptions();

    @Option(names = "--state-backend", paramLabel = "KIND", defaultValue = "hashmap",
            converter = StateBackendConverter.class,
            description = "Where the job keeps its state: hashmap (on the heap, for a laptop) or rocksdb (on local "
                    + "disk with incremental checkpoints, for large fleets) (default: ${DEFAULT-VALUE}).")
    StateBackendKind stateBackend;

    /** Accepts a backend by its Flink name, in any case. */
    static final class StateBackendConverter extends NamedChoice<StateBackendKind> {
        StateBackendConverter() {
            super(StateBackendKind.values(), StateBackendKind::flinkName, "a state backend");
        }
    }

    @Option(names = "--delivery", paramLabel = "GUARANTEE", defaultValue = "exactly-once",
            converter = DeliveryConverter.class,
            description = "How alarms reach Kafka: exactly-once (in transactions committed with each checkpoint: "
                    + "seen once, a checkpoint interval later) or at-least-once (sent as soon as made: seen within "
                    + "milliseconds; after a crash the alarms since the last checkpoint come again, identical) "
                    + "(default: ${DEFAULT-VALUE}).")
    AlarmDelivery delivery;

    /** Accepts a delivery guarantee by its option name, in any case. */
    static final class DeliveryConverter extends NamedChoice<AlarmDelivery> {
        DeliveryConverter() {
            super(AlarmDelivery.values(), AlarmDelivery::optionName, "a delivery guarantee");
        }
    }

    @CommandLine.Mixin
    ReadsLatenessOption lateness = new ReadsLatenessOption();

    /** The job jar's entry point, for {@code flink run gridalarm-job.jar --bootstrap ...}. */
    public static void main(String[] args) throws Exception {
        CommandLine commandLine = new CommandLine(new RunCommand());
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            commandLine.getErr().println(e.getMessage());
            commandLine.usage(commandLine.getErr());
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(commandLine.getOut());
            return;
        }
        RunCommand command = commandLine.getCommand();
        command.spec = commandLine.getCommandSpec();
        command.call();
    }

    @Override
    public Integer call() throws Exception {
        LiveSettings settings = settings();
        if (settings.registry() != null) {
            RegistryCsv.read(settings.registry());
        }
        if (settings.network() != null) {
            NetworkCsv.read(settings.network());
        }
        DroolsMeterRules.load(settings.ruleSet()).close();
        LiveJob.prepareTopics(settings, topics.partitions);
        StreamExecutionEnvironment env = LiveJob.environment(settings);
        LiveJob.buildPipeline(env, settings, LiveConnections.of(settings));
        OutputTopics out = settings.outputTopics();
        System.err.printf("gridalarm run: %s and %s from %s -> %s<party-type>.<party-id>, %s, %s%s%s%n",
                settings.eventsTopic(), settings.readsTopic(), settings.bootstrapServers(), out.partyAlarms(),
                out.deadLetters(), out.audit(),
                settings.writesInflux() ? " and InfluxDB " + settings.influxUrl() + "/" + settings.influxDatabase()
                        : "",
                settings.checkpoints() == null ? "" : LiveJob.latestCheckpoint(settings.checkpoints())
                        .map(c -> "; resuming from " + c).orElse("; checkpoints in " + settings.checkpoints()));
        env.execute("gridalarm live");
        return 0;
    }

    LiveSettings settings() {
        try {
            LiveSettings.Builder builder = LiveSettings.builder().bootstrapServers(kafka.bootstrap())
                    .kafkaSettings(kafka.client().settings()).registryTopic(registryTopic)
                    .registryWait(registryWait).networkTopic(networkTopic)
                    .inputTopics(topics.inputs.topics())
                    .outputTopics(topics.outputTopics()).ruleSetsTopic(topics.ruleSetsTopic)
                    .checkpoints(checkpoints).checkpointInterval(checkpointInterval).parallelism(parallelism)
                    .clocks(clocks.clocks()).readsLateness(lateness.readsLateness).stateBackend(stateBackend)
                    .delivery(delivery).groupId(topics.group)
                    .transactionalIdPrefix(topics.group);
            topics.layout(); // checks --partitions
            if (network != null && registry == null) {
                throw new IllegalArgumentException("--network is loaded with --registry; to load a network alone use "
                        + "'registry load'.");
            }
            if (registry != null) {
                builder.registry(registry).network(network);
            }
            if (influx.url != null) {
                builder.influx(influx.url, influx.database);
            }
            if (influxCredentials != null) {
                builder.influxCredentials(influxCredentials);
            }
            if (rules != null) {
                builder.ruleSet(rules);
            }
            if (!trustedKeys.isEmpty()) {
                builder.trustedKeys(trustedKeys);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
