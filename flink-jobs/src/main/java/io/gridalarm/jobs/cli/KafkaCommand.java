package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.jobs.GridAlarmOptions;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.local.LocalKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code gridalarm kafka}: a real single-node Kafka 4.x broker (KRaft) for development, until Ctrl-C. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Starts a single-node Apache Kafka broker (KRaft mode) on 127.0.0.1 from the project's jars.")
public final class KafkaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "9092",
            description = "Client port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder, kept between runs "
            + "(default: target/kafka-data under the project).")
    Path data;

    @Option(names = "--secure",
            description = "Authenticate every client (SASL/SCRAM-SHA-512) and authorise it by ACLs, nothing allowed "
                    + "without one; the super-user's client file is written to admin.properties in the data folder. "
                    + "Then parties sync gives each party and service its principal.")
    boolean secure;

    @Option(names = "--tls",
            description = "With --secure: TLS on the listener too (SASL_SSL), with a certificate for 127.0.0.1 made "
                    + "in the data folder; the clients' trust store is named in admin.properties.")
    boolean tls;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
            description = "Partitions of the gridalarm topics created at start (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535 || partitions < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port must be 0-65535 and --partitions at least 1.");
        }
        Path dir = data != null ? data
                : GridAlarmOptions.home().resolve("target").resolve(secure ? "kafka-secure-data" : "kafka-data");
        if (tls && !secure) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tls goes with --secure.");
        }
        LocalKafka kafka = LocalKafka.start(port, dir, !secure ? LocalKafka.Security.NONE
                : tls ? LocalKafka.Security.SCRAM_TLS : LocalKafka.Security.SCRAM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        OutputTopics out = OutputTopics.DEFAULT;
        kafka.createTopics(partitions, LiveSettings.DEFAULT_INPUT_TOPICS.all());
        kafka.createTopics(partitions, out.all());
        kafka.createTopics(1, List.of(LiveSettings.DEFAULT_RULE_SETS_TOPIC));
        spec.commandLine().getOut().printf("Kafka broker ready on %s (data %s, log %s). Ctrl-C stops it.%n",
                kafka.bootstrapServers(), dir, kafka.log());
        if (secure) {
            spec.commandLine().getOut().printf("Clients authenticate with SCRAM-SHA-512; the super-user's client "
                    + "file is %s (give it as --kafka-config).%n", kafka.adminConfig());
        }
        spec.commandLine().getOut().flush();
        return kafka.waitFor() == 0 ? 0 : 1;
    }
}
