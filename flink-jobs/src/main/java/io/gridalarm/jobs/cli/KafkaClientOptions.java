package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.model.InputException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The options that say how a command reaches Kafka: the brokers and, on a secured cluster, the client settings. */
final class KafkaClientOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka brokers.")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties for a secured cluster (security.protocol, sasl.mechanism, "
                    + "sasl.jaas.config, ssl.truststore.*), e.g. one written by parties sync or kafka --secure.")
    Path kafkaConfig;

    String bootstrap() {
        return bootstrap;
    }

    /** The client configuration, or a usage error naming the file and what is wrong with it. */
    KafkaClientConfig client() {
        if (kafkaConfig == null) {
            return KafkaClientConfig.plain(bootstrap);
        }
        try {
            return KafkaClientConfig.read(bootstrap, kafkaConfig);
        } catch (InputException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
