package io.gridalarm.connectors.kafka;

import io.gridalarm.connectors.SecretFiles;
import io.gridalarm.model.InputException;
import io.gridalarm.model.Party;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Keeps a secured broker's principals, ACLs and topics in step with the parties the registry names: every party
 * gets its alarm topic and its supply-state topic, a SCRAM principal and the right to read only those two topics with
 * consumer groups of its own;
 * gridalarm's service principals get exactly the topics their job needs; a party gone from the registry loses its
 * principal and every ACL. Each principal's ready client file is kept in the credentials folder.
 */
public final class KafkaAccess {

    /** The running job: reads the inputs, writes alarms, dead letters, audit and rule-set status. */
    public static final String JOB = "gridalarm-job";
    /** The analysts: the only writers of published rule-set versions. */
    public static final String ANALYSTS = "gridalarm-analysts";
    /** The registry loader: the only writer of the registry and network topics. */
    public static final String LOADER = "gridalarm-loader";
    /**
     * The meter-data adapter (DCC head end and DCC user gateway): the only writer of meter events, interval reads and
     * the service requests and responses, and the reader of the requests the job sends the DCC.
     */
    public static final String INGEST = "gridalarm-ingest";
    /**
     * The operations team: reads dead letters, the audit trail, rule-set status and every party's alarms and supply
     * states.
     */
    public static final String OPERATOR = "gridalarm-operator";
    /** The registry changelog topic the loader writes (the registry at fleet scale). */
    public static final String REGISTRY_TOPIC = "registry";
    /** The network changelog topic the loader writes. */
    public static final String NETWORK_TOPIC = "network";
    /** The job reads published rule-set versions in a group of its own: its group with this suffix. */
    public static final String RULE_SETS_GROUP_SUFFIX = "-rule-sets";
    /** The job reads the registry changelog in a group of its own: its group with this suffix. */
    public static final String REGISTRY_GROUP_SUFFIX = "-registry";
    /** The suffix of the job's consumer group for the network topic. */
    public static final String NETWORK_GROUP_SUFFIX = "-network";
    static final List<String> SERVICES = List.of(JOB, ANALYSTS, LOADER, INGEST, OPERATOR);

    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;
    private static final int ITERATIONS = 8192;

    /**
     * The topics and names the access is laid out for.
     *
     * @param outputs           alarm, dead-letter, audit and rule-set status topics
     * @param inputs            meter events, interval reads, service requests and responses
     * @param ruleSetsTopic     published rule-set versions
     * @param registryTopic     the registry changelog
     * @param networkTopic      the network changelog
     * @param jobGroup          the job's consumer group and transactional id prefix
     * @param partitions        partitions of topics created here (the rule-sets topic always has one)
     */
    public record Layout(OutputTopics outputs, InputTopics inputs, String ruleSetsTopic,
                         String registryTopic, String networkTopic, String jobGroup, int partitions) {
    }

    private KafkaAccess() {
    }

    /** The principal's ready client file in the credentials folder. */
    public static Path credentialsFile(Path credentials, String principal) {
        return credentials.resolve(principal + ".properties");
    }

    /**
     * Brings the broker in step with the parties and returns one line per change made, empty when there was
     * nothing to change. Client files are written with {@code transport} (the listener's security protocol and,
     * for TLS, the trust store), as the admin reaches the broker.
     */
    public static List<String> sync(Admin admin, Collection<Party> parties, Layout layout, Path credentials,
                                    Map<String, String> transport) throws IOException, InterruptedException {
        try {
            List<String> changes = new ArrayList<>();
            Map<String, List<AclBinding>> wanted = new LinkedHashMap<>();
            for (String service : SERVICES) {
                wanted.put(service, serviceAcls(service, layout));
            }
            for (Party party : new TreeSet<>(parties)) {
                wanted.put(party.principal(), partyAcls(party, layout));
            }
            createTopics(admin, parties, layout, changes);
            Set<String> users = new HashSet<>();
            admin.describeUserScramCredentials().all().get().keySet().forEach(users::add);
            List<UserScramCredentialAlteration> alterations = new ArrayList<>();
            for (String principal : wanted.keySet()) {
                Path file = credentialsFile(credentials, principal);
                String password = Files.exists(file) ? ScramClients.passwordOf(readSettings(file)) : null;
                if (password == null || !users.contains(principal)) {
                    password = password != null ? password : SecretFiles.newPassword();
                    alterations.add(new UserScramCredentialUpsertion(principal,
                            new ScramCredentialInfo(MECHANISM, ITERATIONS), password));
                    SecretFiles.write(file, principal, ScramClients.settings(principal, password, transport));
                    changes.add("principal " + principal + ": credentials set, client file " + file);
                }
            }
            for (String user : users) {
                if (Party.isPrincipal(user) && !wanted.containsKey(user)) {
                    alterations.add(new UserScramCredentialDeletion(user, MECHANISM));
                    Files.deleteIfExists(credentialsFile(credentials, user));
                    changes.add("principal " + user + ": removed (no longer in the registry)");
                }
            }
            if (!alterations.isEmpty()) {
                admin.alterUserScramCredentials(alterations).all().get();
            }
            syncAcls(admin, wanted, changes);
            return changes;
        } catch (ExecutionException e) {
            throw new IOException("The broker refused a change to its access: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static Map<String, String> readSettings(Path file) throws IOException {
        try {
            return KafkaClientConfig.settingsOf(file);
        } catch (InputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void createTopics(Admin admin, Collection<Party> parties, Layout layout, List<String> changes)
            throws ExecutionException, InterruptedException {
        Map<String, Integer> partitionsByTopic = new TreeMap<>();
        List<String> topics = new ArrayList<>(layout.outputs().all());
        topics.addAll(layout.inputs().all());
        topics.addAll(List.of(layout.registryTopic(), layout.networkTopic()));
        parties.forEach(p -> topics.addAll(layout.outputs().partyTopics(p.type(), p.id())));
        topics.forEach(topic -> partitionsByTopic.put(topic, layout.partitions()));
        // one partition, so versions stay in the order they were published
        partitionsByTopic.put(layout.ruleSetsTopic(), 1);
        KafkaTopics.createMissing(admin, partitionsByTopic, layout.outputs()::isCompacted)
                .forEach(t -> changes.add("topic " + t + ": created"));
    }

    private static void syncAcls(Admin admin, Map<String, List<AclBinding>> wanted, List<String> changes)
            throws ExecutionException, InterruptedException {
        Set<AclBinding> existing = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        Set<AclBinding> wantedAll = new HashSet<>();
        wanted.values().forEach(wantedAll::addAll);
        List<AclBinding> create = new ArrayList<>();
        for (AclBinding binding : wantedAll) {
            if (!existing.contains(binding)) {
                create.add(binding);
            }
        }
        List<AclBinding> delete = new ArrayList<>();
        for (AclBinding binding : existing) {
            String user = binding.entry().principal().substring("User:".length());
            boolean managed = SERVICES.contains(user) || Party.isPrincipal(user);
            if (managed && !wantedAll.contains(binding)) {
                delete.add(binding);
            }
        }
        if (!create.isEmpty()) {
            admin.createAcls(create).all().get();
        }
        if (!delete.isEmpty()) {
            admin.deleteAcls(delete.stream().map(AclBinding::toFilter).toList()).all().get();
        }
        summarise(create, "granted", changes);
        summarise(delete, "revoked", changes);
    }

    private static void summarise(List<AclBinding> bindings, String what, List<String> changes) {
        Map<String, Integer> perPrincipal = new LinkedHashMap<>();
        bindings.stream().map(b -> b.entry().principal().substring("User:".length())).sorted()
                .forEach(p -> perPrincipal.merge(p, 1, Integer::sum));
        perPrincipal.forEach((principal, count) -> changes.add("principal " + principal + ": " + count + " ACL"
                + (count == 1 ? "" : "s") + " " + what));
    }

    /**
     * A party reads its own alarm topic and its own meters' supply states, with consumer groups named after it, and
     * nothing else.
     */
    static List<AclBinding> partyAcls(Party party, Layout layout) {
        String principal = party.principal();
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : layout.outputs().partyTopics(party.type(), party.id())) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(allow(principal, ResourceType.GROUP, principal + ".", PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    /** What each service principal may do: the least its part of the system needs. */
    static List<AclBinding> serviceAcls(String service, Layout layout) {
        OutputTopics out = layout.outputs();
        List<AclBinding> acls = new ArrayList<>();
        switch (service) {
            case JOB -> {
                List<String> read = new ArrayList<>(layout.inputs().all());
                read.addAll(List.of(layout.ruleSetsTopic(), layout.registryTopic(), layout.networkTopic()));
                for (String topic : read) {
                    acls.add(allow(JOB, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
                    acls.add(allow(JOB, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
                }
                for (String topic : out.all()) {
                    acls.add(allow(JOB, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
                    acls.add(allow(JOB, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
                }
                // a party new to the registry while the job runs gets its topic with its first alarm
                for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)) {
                    acls.add(allow(JOB, ResourceType.TOPIC, out.partyAlarms(), PatternType.PREFIXED, op));
                    acls.add(allow(JOB, ResourceType.TOPIC, out.partySupplyState(), PatternType.PREFIXED, op));
                }
                // exactly the job's four groups: a prefix would also match other principals' groups
                acls.add(allow(JOB, ResourceType.GROUP, layout.jobGroup(), PatternType.LITERAL, AclOperation.READ));
                for (String suffix : List.of(RULE_SETS_GROUP_SUFFIX, REGISTRY_GROUP_SUFFIX, NETWORK_GROUP_SUFFIX)) {
                    acls.add(allow(JOB, ResourceType.GROUP, layout.jobGroup() + suffix, PatternType.LITERAL,
                            AclOperation.READ));
                }
                acls.add(allow(JOB, ResourceType.TRANSACTIONAL_ID, layout.jobGroup(), PatternType.PREFIXED,
                        AclOperation.WRITE));
                acls.add(allow(JOB, ResourceType.TRANSACTIONAL_ID, layout.jobGroup(), PatternType.PREFIXED,
                        AclOperation.DESCRIBE));
            }
            case ANALYSTS -> {
                acls.add(allow(ANALYSTS, ResourceType.TOPIC, layout.ruleSetsTopic(), PatternType.LITERAL,
                        AclOperation.WRITE));
                acls.add(allow(ANALYSTS, ResourceType.TOPIC, layout.ruleSetsTopic(), PatternType.LITERAL,
                        AclOperation.DESCRIBE));
                readWithOwnGroups(ANALYSTS, List.of(out.ruleSetStatus()), acls);
            }
            case LOADER -> {
                for (String topic : List.of(layout.registryTopic(), layout.networkTopic())) {
                    acls.add(allow(LOADER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
                }
                // the loader compares with what the topics hold, so it sends only changes
                readWithOwnGroups(LOADER, List.of(layout.registryTopic(), layout.networkTopic()), acls);
            }
            case INGEST -> {
                for (String topic : layout.inputs().all()) {
                    acls.add(allow(INGEST, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
                    acls.add(allow(INGEST, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
                }
                // the adapter sends the job's supply status reads on to the DCC
                readWithOwnGroups(INGEST, List.of(out.dccRequests()), acls);
            }
            case OPERATOR -> {
                readWithOwnGroups(OPERATOR, List.of(out.deadLetters(), out.audit(), out.ruleSetStatus()), acls);
                for (String prefix : List.of(out.partyAlarms(), out.partySupplyState())) {
                    acls.add(allow(OPERATOR, ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.READ));
                    acls.add(allow(OPERATOR, ResourceType.TOPIC, prefix, PatternType.PREFIXED,
                            AclOperation.DESCRIBE));
                }
            }
            default -> throw new IllegalArgumentException("There is no service principal called " + service + ".");
        }
        return acls;
    }

    private static void readWithOwnGroups(String principal, List<String> topics, List<AclBinding> acls) {
        for (String topic : topics) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(allow(principal, ResourceType.GROUP, principal + ".", PatternType.PREFIXED, AclOperation.READ));
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }
}
