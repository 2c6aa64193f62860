package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.RegistryTopics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridalarm registry}: the registry and the network tree as changelog topics. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Keeps the registry and the network tree on compacted Kafka topics.",
        subcommands = {RegistryCommand.Load.class})
public final class RegistryCommand extends CommandGroup {

    /** {@code registry load}: sends what changed in the files to the topics, and prints what it changed. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Sends the registry (a value per meter: its whole history, so no past supplier is lost "
                    + "to compaction) and the network tree (a value per asset) to compacted topics, created when "
                    + "missing. Compares with what the topics hold and sends only changes, with a tombstone for "
                    + "each meter or asset gone from the files; loading the same files twice sends nothing.")
    static final class Load implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        KafkaClientOptions kafka;

        @Option(names = "--registry", required = true, paramLabel = "R.csv", description = "Registry CSV.")
        Path registry;

        @Option(names = "--network", paramLabel = "N.csv",
                description = "Network CSV (assetId,parentId,kind[,name]); without it the network topic is left as "
                        + "it is.")
        Path network;

        @Option(names = "--registry-topic", paramLabel = "TOPIC", defaultValue = KafkaAccess.REGISTRY_TOPIC,
                description = "The registry changelog topic (default: ${DEFAULT-VALUE}).")
        String registryTopic;

        @Option(names = "--network-topic", paramLabel = "TOPIC", defaultValue = KafkaAccess.NETWORK_TOPIC,
                description = "The network changelog topic (default: ${DEFAULT-VALUE}).")
        String networkTopic;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
                description = "Partitions of a topic created here (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Override
        public Integer call() throws Exception {
            if (partitions < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--partitions must be at least 1, not "
                        + partitions + ".");
            }
            // A file that cannot be used is refused with file, line and reason before anything is sent (exit 1).
            RegistryTopics.Loaded loaded = RegistryTopics.load(kafka.client(), registry, network, registryTopic,
                    networkTopic, partitions);
            spec.commandLine().getOut().printf("registry (topic %s): %s%n", registryTopic, loaded.registry());
            if (loaded.network() != null) {
                spec.commandLine().getOut().printf("network (topic %s): %s%n", networkTopic, loaded.network());
            }
            return 0;
        }
    }
}
