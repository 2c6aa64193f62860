package io.gridalarm.jobs.cli;

import picocli.CommandLine.Option;

/** The InfluxDB server and the operators' database, given alike to {@code run} and to {@code parties sync}. */
final class InfluxOptions {

    @Option(names = "--influx", paramLabel = "URL", description = "InfluxDB server, e.g. http://127.0.0.1:8086.")
    String url;

    @Option(names = "--influx-db", paramLabel = "NAME", defaultValue = "gridalarm",
            description = "The operators' InfluxDB database; each party's is <NAME>_<party-type>_<party-id> "
                    + "(default: ${DEFAULT-VALUE}).")
    String database;
}
