package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.ScramClients;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.RegistryRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code gridalarm parties}: the parties' access to a secured broker, kept in step with the registry. */
@Command(name = "parties", mixinStandardHelpOptions = true,
        description = "Manages the parties' access to a Kafka cluster with authentication.",
        subcommands = {PartiesCommand.Sync.class})
public final class PartiesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: parties sync.");
    }

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

        @Override
        public Integer call() throws Exception {
            KafkaAccess.Layout layout;
            try {
                layout = topics.layout();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Registry rows = RegistryCsv.read(registry);
            List<String> changes;
            try (Admin admin = Admin.create(kafka.client().clientConfig(Map.of(
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000")))) {
                changes = KafkaAccess.sync(admin, parties(rows), layout, credentials,
                        ScramClients.transportOf(kafka.client().settings()));
            }
            if (changes.isEmpty()) {
                spec.commandLine().getOut().println("Nothing to change: the broker's access matches the registry.");
            }
            changes.forEach(spec.commandLine().getOut()::println);
            return 0;
        }
    }

    /** Every party any registry row names, past and present (a past supplier still reads its old alarms). */
    static Set<KafkaAccess.Party> parties(Registry registry) {
        Set<KafkaAccess.Party> parties = new TreeSet<>();
        for (String meterId : registry.meterIds()) {
            for (RegistryRow row : registry.rowsOf(meterId)) {
                for (PartyType type : PartyType.values()) {
                    if (row.party(type) != null) {
                        parties.add(new KafkaAccess.Party(type, row.party(type)));
                    }
                }
            }
        }
        return parties;
    }
}
