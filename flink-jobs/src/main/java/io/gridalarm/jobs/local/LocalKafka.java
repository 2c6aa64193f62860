package io.gridalarm.jobs.local;

import io.gridalarm.connectors.SecretFiles;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.KafkaTopics;
import io.gridalarm.connectors.kafka.ScramClients;
import io.gridalarm.model.InputException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), run in a child JVM from
 * the project's own Maven jars: for development, the demo and the tests. Its data folder is formatted on first
 * use and kept, so a broker started again on the same folder has the same topics and records.
 *
 * <p>A secure broker authenticates every client with SASL/SCRAM-SHA-512 and authorises it with the standard KRaft
 * authorizer, nothing allowed without an ACL; its super-user {@code admin} has a generated password, and a ready
 * client configuration for it is written to {@code admin.properties} in the data folder. With TLS the listener is
 * encrypted too, with a certificate for 127.0.0.1 made here by the JDK's {@code keytool}; the clients' trust store
 * is {@code tls/truststore.p12} in the data folder, and the admin's client configuration names it.
 */
public final class LocalKafka implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 90_000;
    /** The secure broker's super-user. */
    public static final String ADMIN = "admin";
    static final String ADMIN_CONFIG_FILE = "admin.properties";

    private final int port;
    private final Path dataDir;
    private final Path log;
    private final Security security;
    private Map<String, String> adminSettings = Map.of();
    private Process process;

    /** How the broker's client listener is protected. */
    public enum Security {
        /** No authentication: for development and most tests. */
        NONE,
        /** SASL/SCRAM-SHA-512 authentication and ACLs over plain TCP. */
        SCRAM,
        /** SASL/SCRAM-SHA-512 authentication and ACLs over TLS. */
        SCRAM_TLS
    }

    private LocalKafka(int port, Path dataDir, Security security) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = dataDir.resolve("broker.log");
        this.security = security;
    }

    /**
     * Starts a broker without authentication on 127.0.0.1 and waits until it answers.
     *
     * @param port the client port, 0 for any free one
     * @param dataDir where the broker keeps its logs and metadata (created if missing)
     */
    public static LocalKafka start(int port, Path dataDir) throws IOException, InterruptedException {
        return start(port, dataDir, Security.NONE);
    }

    /** Starts a broker protected as asked. */
    public static LocalKafka start(int port, Path dataDir, Security security)
            throws IOException, InterruptedException {
        LocalKafka kafka = new LocalKafka(port == 0 ? ChildProcess.freePort() : port, dataDir.toAbsolutePath(),
                security);
        kafka.startProcess();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The super-user's client (no settings on a broker without authentication). */
    public KafkaClientConfig client() {
        return new KafkaClientConfig(bootstrapServers(), adminSettings);
    }

    /** The super-user's client configuration file (secure brokers only). */
    public Path adminConfig() {
        return dataDir.resolve(ADMIN_CONFIG_FILE);
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    private void startProcess() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path logs = dataDir.resolve("kraft-logs");
        Path config = dataDir.resolve("server.properties");
        int controllerPort = ChildProcess.freePort();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        boolean secure = security != Security.NONE;
        String listener = switch (security) {
            case NONE -> "PLAINTEXT";
            case SCRAM -> "SASL_PLAINTEXT";
            case SCRAM_TLS -> "SASL_SSL";
        };
        p.setProperty("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", listener);
        p.setProperty("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        String adminPassword = secure ? adminPassword() : null;
        if (secure) {
            p.setProperty("sasl.enabled.mechanisms", ScramClients.MECHANISM);
            p.setProperty("sasl.mechanism.inter.broker.protocol", ScramClients.MECHANISM);
            p.setProperty("listener.name." + listener.toLowerCase(Locale.ROOT) + ".scram-sha-512.sasl.jaas.config",
                    ScramClients.jaasLine(ADMIN, adminPassword));
            if (security == Security.SCRAM_TLS) {
                BrokerCertificate certificate = BrokerCertificate.inFolder(dataDir.resolve("tls"));
                p.setProperty("ssl.keystore.type", "PKCS12");
                p.setProperty("ssl.keystore.location", certificate.keyStore().toString());
                p.setProperty("ssl.keystore.password", certificate.keyStorePassword());
                p.setProperty("ssl.key.password", certificate.keyStorePassword());
                // the broker is its own client on the inter-broker listener
                p.setProperty("ssl.truststore.type", "PKCS12");
                p.setProperty("ssl.truststore.location", certificate.trustStore().toString());
                p.setProperty("ssl.truststore.password", certificate.trustStorePassword());
            }
            p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // ANONYMOUS is the controller listener's own traffic, which has no authentication on loopback.
            p.setProperty("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
            p.setProperty("allow.everyone.if.no.acl.found", "false");
        }
        p.setProperty("log.dirs", logs.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Each party's alarms have a topic of their own: a party that first appears in the registry while the job
        // runs (a change of supplier) gets its topic when its first alarm is written.
        p.setProperty("auto.create.topics.enable", "true");
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(out, "gridalarm local broker");
        }
        if (!Files.exists(logs.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t",
                    Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"));
            if (secure) {
                format.addAll(List.of("--add-scram", ScramClients.MECHANISM + "=[name=\"" + ADMIN
                        + "\",password=\"" + adminPassword + "\"]"));
            }
            run(format);
        }
        List<String> command = ChildProcess.javaCommand("768m", "kafka.Kafka", List.of(config.toString()));
        command.add(1, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitReady();
    }

    private void run(List<String> mainAndArgs) throws IOException, InterruptedException {
        List<String> command = ChildProcess.javaCommand("256m", mainAndArgs.get(0),
                mainAndArgs.subList(1, mainAndArgs.size()));
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("Formatting the Kafka data folder " + dataDir + " failed:\n"
                    + ChildProcess.tail(log, 20));
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("The Kafka broker stopped while starting (exit " + process.exitValue()
                        + "):\n" + ChildProcess.tail(log, 30));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            } catch (IOException notYet) {
                Thread.sleep(200);
                continue;
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                Thread.sleep(200);
            }
        }
        close();
        throw new IOException("The Kafka broker did not answer on " + bootstrapServers() + " within "
                + READY_TIMEOUT_MILLIS / 1000 + " s:\n" + ChildProcess.tail(log, 30));
    }

    /**
     * The super-user's password: made once per data folder, because the broker's metadata keeps the credential it
     * was formatted with, and kept in the super-user's client configuration.
     */
    private String adminPassword() throws IOException, InterruptedException {
        Path file = adminConfig();
        String password;
        if (Files.exists(file)) {
            try {
                password = ScramClients.passwordOf(KafkaClientConfig.settingsOf(file));
            } catch (InputException e) {
                throw new IOException(e.getMessage(), e);
            }
        } else if (Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))) {
            throw new IOException("The Kafka data folder " + dataDir + " was made for a broker without "
                    + "authentication; give a secure broker a folder of its own (--data).");
        } else {
            password = SecretFiles.newPassword();
        }
        // the transport follows how the broker is started now (with or without TLS); the password stays
        Map<String, String> transport = security == Security.SCRAM_TLS
                ? BrokerCertificate.inFolder(dataDir.resolve("tls")).clientTransport()
                : ScramClients.PLAIN_TRANSPORT;
        adminSettings = ScramClients.settings(ADMIN, password, transport);
        SecretFiles.write(file, "the secure development broker's super-user", adminSettings);
        return password;
    }

    /** An admin client for this broker, as its super-user when it is secure; the caller closes it. */
    public Admin admin() {
        return Admin.create(client().clientConfig(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000")));
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(int partitions, List<String> topics) throws InterruptedException, IOException {
        createTopics(client(), partitions, topics);
    }

    /** Creates the topics that do not exist yet on any broker. */
    public static void createTopics(KafkaClientConfig client, int partitions, List<String> topics)
            throws InterruptedException, IOException {
        createTopics(client, partitions, topics, topic -> false);
    }

    /** As above, those that {@code compacted} names kept as the latest record of each key. */
    public static void createTopics(KafkaClientConfig client, int partitions, List<String> topics,
                                    Predicate<String> compacted) throws InterruptedException, IOException {
        Map<String, Integer> partitionsByTopic = new LinkedHashMap<>();
        topics.forEach(topic -> partitionsByTopic.put(topic, partitions));
        try (Admin admin = Admin.create(client.clientConfig(Map.of()))) {
            KafkaTopics.createMissing(admin, partitionsByTopic, compacted);
        } catch (ExecutionException e) {
            throw new IOException("Could not create the topics " + topics + " on " + client.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Waits until the broker process ends (for the foreground {@code kafka} command). */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s); its data folder stays. */
    @Override
    public void close() throws InterruptedException {
        ChildProcess.stop(process, 20_000);
    }
}
