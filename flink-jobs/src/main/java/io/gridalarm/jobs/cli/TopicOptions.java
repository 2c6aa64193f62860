package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.jobs.LiveSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The topics and group a live job uses, given alike to {@code run} and to {@code parties sync}. */
final class TopicOptions {

    /** The job's consumer group and transactional id prefix unless {@code --group} says otherwise. */
    static final String DEFAULT_GROUP = "gridalarm";

    @CommandLine.Mixin
    InputTopicOptions inputs = new InputTopicOptions();

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "Prefix for the output topics (alarms.<party-type>.<party-id>, dead-letters, "
                    + "alarm-audit, rule-set-status).")
    String topicPrefix;

    @Option(names = "--rule-sets-topic", paramLabel = "TOPIC", defaultValue = LiveSettings.DEFAULT_RULE_SETS_TOPIC,
            description = "Control topic of rule-set versions published to the running job (default: "
                    + "${DEFAULT-VALUE}).")
    String ruleSetsTopic;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
            description = "Partitions of topics this command creates when missing (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--group", paramLabel = "ID", defaultValue = DEFAULT_GROUP,
            description = "The job's Kafka consumer group and transactional id prefix (default: ${DEFAULT-VALUE}).")
    String group;

    /** The layout of a job run with every topic option at its default (the demo's). */
    static KafkaAccess.Layout defaultLayout() {
        return new KafkaAccess.Layout(OutputTopics.DEFAULT, LiveSettings.DEFAULT_INPUT_TOPICS,
                LiveSettings.DEFAULT_RULE_SETS_TOPIC, KafkaAccess.REGISTRY_TOPIC, KafkaAccess.NETWORK_TOPIC,
                DEFAULT_GROUP, 2);
    }

    OutputTopics outputTopics() {
        return OutputTopics.prefixed(topicPrefix);
    }

    /** The layout of access that {@code parties sync} grants for a job run with these options. */
    KafkaAccess.Layout layout() {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions + ".");
        }
        return new KafkaAccess.Layout(outputTopics(), inputs.topics(), ruleSetsTopic, KafkaAccess.REGISTRY_TOPIC,
                KafkaAccess.NETWORK_TOPIC, group, partitions);
    }
}
