package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.influx.InfluxAccess;
import io.gridalarm.connectors.influx.InfluxClient;
import io.gridalarm.connectors.influx.InfluxCredentials;
import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.ScramClients;
import io.gridalarm.model.InputException;
import io.gridalarm.model.Party;
import io.gridalarm.model.RegistryCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.influxdb.InfluxDB;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridalarm parties}: the parties' access to a secured broker, kept in step with the registry. */
@Command(name = "parties", mixinStandardHelpOptions = true,
        description = "Manages the parties' access to a Kafka cluster with authentication.",
        subcommands = {PartiesCommand.Sync.class})
public final class PartiesCommand extends CommandGroup {

    /** {@code parties sync}: topics, SCRAM principals, ACLs and client files for every party and service. */
    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Gives every party the registry names its alarm topic, a SCRAM principal "
                    + "(<party-type>-<party-id>) and the right to read only that topic with consumer groups "
                    + "named <principal>.*; gives gridalarm's services (job, analysts, loader, ingest, operator) "
                    + "exactly their topics; removes parties gone from the registry. Run as the cluster's admin.")
    static final class Sync implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        KafkaClientOptions kafka;

        @Option(names = "--registry", required = true, paramLabel = "R.csv", description = "Registry CSV.")
        Path registry;

        @Option(names = "--credentials", required = true, paramLabel = "DIR",
                description = "Where each principal's client file (<principal>.properties) is kept; an existing "
                        + "file's password is kept, so clients keep working.")
        Path credentials;

        @CommandLine.Mixin
        TopicOptions topics;

        /**
         * With {@code --influx}, also an InfluxDB server with authentication: the operators' database and one per
         * party, a read-only user per party on its own database, the job's writer user.
         */
        @CommandLine.Mixin
        InfluxOptions influx;

        @Option(names = "--influx-admin", paramLabel = "FILE",
                description = "With --influx: an InfluxDB admin user's credentials (username=, password=); makes "
                        + "the databases, a read-only user per party and the job's writer "
                        + "(influx-gridalarm-writer.properties, for run --influx-credentials).")
        Path influxAdminFile;

        @Override
        public Integer call() throws Exception {
            KafkaAccess.Layout layout;
            try {
                layout = topics.layout();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            // every usage error before anything is changed
            InfluxCredentials influxAdmin = influx.url == null ? null : influxAdmin();
            List<String> changes = syncAccess(RegistryCsv.read(registry).parties(), layout, credentials,
                    kafka.client(), influx.url, influxAdmin, influx.database);
            if (changes.isEmpty()) {
                spec.commandLine().getOut().println("Nothing to change: access matches the registry.");
            }
            changes.forEach(spec.commandLine().getOut()::println);
            return 0;
        }

        private InfluxCredentials influxAdmin() {
            if (influxAdminFile == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--influx needs --influx-admin, an admin user's credentials file.");
            }
            try {
                return InfluxCredentials.read(influxAdminFile);
            } catch (InputException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    /**
     * Brings the broker's (and, given a URL, InfluxDB's) access in step with the parties; one line per change.
     *
     * @param kafkaAdmin  the broker's admin client settings
     * @param influxAdmin an InfluxDB admin, or null when {@code influxUrl} is
     */
    static List<String> syncAccess(Set<Party> parties, KafkaAccess.Layout layout, Path credentials,
                                   KafkaClientConfig kafkaAdmin, String influxUrl, InfluxCredentials influxAdmin,
                                   String influxDatabase) throws IOException, InterruptedException {
        List<String> changes = new ArrayList<>();
        // Security reads its own alarm topic like any party, though no registry row names it.
        Set<Party> all = new TreeSet<>(parties);
        all.add(Party.SECURITY);
        try (Admin admin = Admin.create(kafkaAdmin.clientConfig(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000")))) {
            changes.addAll(KafkaAccess.sync(admin, all, layout, credentials,
                    ScramClients.transportOf(kafkaAdmin.settings())));
        }
        if (influxUrl != null) {
            try (InfluxDB connection = InfluxClient.connect(influxUrl, influxAdmin)) {
                changes.addAll(InfluxAccess.sync(connection, influxDatabase, all, credentials));
            }
        }
        return changes;
    }
}
