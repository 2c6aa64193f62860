package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.InputTopics;
import io.gridalarm.jobs.LiveSettings;
import picocli.CommandLine.Option;

/**
 * The topics the live job reads meter events, interval reads, service requests and responses from: for run, and for
 * export of what they hold.
 */
final class InputTopicOptions {

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = LiveSettings.DEFAULT_EVENTS_TOPIC,
            description = "Meter events topic (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--reads-topic", paramLabel = "TOPIC", defaultValue = LiveSettings.DEFAULT_READS_TOPIC,
            description = "Interval reads topic (default: ${DEFAULT-VALUE}).")
    String readsTopic;

    @Option(names = "--requests-topic", paramLabel = "TOPIC", defaultValue = LiveSettings.DEFAULT_REQUESTS_TOPIC,
            description = "Service requests topic: commands sent to the DCC (default: ${DEFAULT-VALUE}).")
    String requestsTopic;

    @Option(names = "--responses-topic", paramLabel = "TOPIC", defaultValue = LiveSettings.DEFAULT_RESPONSES_TOPIC,
            description = "Service responses topic: the DCC's outcomes (default: ${DEFAULT-VALUE}).")
    String responsesTopic;

    /**
     * The topics as named.
     *
     * @throws IllegalArgumentException when two share a name
     */
    InputTopics topics() {
        return new InputTopics(eventsTopic, readsTopic, requestsTopic, responsesTopic);
    }
}
