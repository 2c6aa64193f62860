package io.gridalarm.jobs.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), run in a child JVM from
 * the project's own Maven jars: for development, the demo and the tests. Its data folder is formatted on first
 * use and kept, so a broker started again on the same folder has the same topics and records.
 */
public final class LocalKafka implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 90_000;

    private final int port;
    private final Path dataDir;
    private final Path log;
    private Process process;

    private LocalKafka(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = dataDir.resolve("broker.log");
    }

    /**
     * Starts a broker on 127.0.0.1 and waits until it answers.
     *
     * @param port the client port, 0 for any free one
     * @param dataDir where the broker keeps its logs and metadata (created if missing)
     */
    public static LocalKafka start(int port, Path dataDir) throws IOException, InterruptedException {
        LocalKafka kafka = new LocalKafka(port == 0 ? ChildProcess.freePort() : port, dataDir.toAbsolutePath());
        kafka.startProcess();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
            run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString(), "--ignore-formatted"));
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

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000"));
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(int partitions, List<String> topics) throws InterruptedException, IOException {
        createTopics(bootstrapServers(), partitions, topics);
    }

    /** Creates the topics that do not exist yet on any broker. */
    public static void createTopics(String bootstrapServers, int partitions, List<String> topics)
            throws InterruptedException, IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IOException("Could not create the topics " + topics + " on " + bootstrapServers + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
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
