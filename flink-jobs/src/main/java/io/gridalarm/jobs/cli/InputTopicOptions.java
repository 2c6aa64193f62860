package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.LiveSettings;
import picocli.CommandLine.Option;

/** The topics the live job reads meter events and interval reads from: for run, and for export of what they hold. */
final class InputTopicOptions {

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = LiveSettings.DEFAULT_EVENTS_TOPIC,
            description = "Meter events topic (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--reads-topic", paramLabel = "TOPIC", defaultValue = LiveSettings.DEFAULT_READS_TOPIC,
            description = "Interval reads topic (default: ${DEFAULT-VALUE}).")
    String readsTopic;
}
