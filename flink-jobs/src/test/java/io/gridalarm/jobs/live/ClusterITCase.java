package io.gridalarm.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.kafka.RegistryTopics;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.local.ChildProcess;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.local.TopicFeeder;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real standalone Flink session cluster: a JobManager and a TaskManager in their own JVMs, started
 * from Flink's Maven jars (none of the job's code or libraries on their class path), the jar submitted over REST
 * as {@code flink run} does. Alarms arrive as in the embedded run.
 */
class ClusterITCase {

    private static final Path JOB_JAR = Path.of("target/gridalarm-job.jar").toAbsolutePath();

    @TempDir
    Path dir;

    /** This JVM's class path without the job's own code and libraries: what a Flink distribution holds. */
    private static String flinkClassPath() {
        List<String> userCode = List.of("/target/classes", "/target/test-classes", "gridalarm-", "/org/apache/kafka/",
                "flink-connector-kafka", "/org/drools/", "/org/kie/", "/org/mvel/", "influxdb", "/com/squareup/",
                "picocli", "/com/fasterxml/jackson/", "/org/scala-lang/", "/org/junit/", "/org/opentest4j/");
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> userCode.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private Process start(String mainClass, Path configDir, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-Dlog.file=" + dir.resolve(name + ".log"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", flinkClassPath(), mainClass, "--configDir", configDir.toString()));
        if (name.equals("taskmanager")) {
            command.addAll(List.of("-D", "taskmanager.resource-id=tm-1"));
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".out").toFile())).start();
    }

    @Test
    void theJobJarSubmittedToAStandaloneClusterGivesTheEmbeddedRunsAlarms() throws Exception {
        assertTrue(Files.isRegularFile(JOB_JAR), "the job jar is built in the package phase: " + JOB_JAR);
        int restPort = ChildProcess.freePort();
        Path configDir = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(configDir.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + ChildProcess.freePort(),
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "blob.server.port: " + ChildProcess.freePort(),
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: 4",
                // What Flink's start script would work out and pass on (bin/taskmanager.sh via BashJavaUtils).
                "taskmanager.cpu.cores: 2",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.heap.size: 512m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.managed.size: 128m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "parallelism.default: 2",
                "restart-strategy.type: none",
                ""));
        try (LocalKafka kafka = LocalKafka.start(0, dir.resolve("kafka"))) {
            Process jobManager = start("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    configDir, "jobmanager");
            Process taskManager = start("org.apache.flink.runtime.taskexecutor.TaskManagerRunner", configDir,
                    "taskmanager");
            Configuration client = new Configuration();
            client.set(RestOptions.ADDRESS, "127.0.0.1");
            client.set(RestOptions.PORT, restPort);
            // Only this test's client JVM has the Kafka connector on its own class path (a Flink distribution's
            // client does not), so its Kafka classes must come from the same loader as the connector's.
            client.setString("classloader.parent-first-patterns.additional", "org.apache.kafka.");
            try (RestClusterClient<StandaloneClusterId> rest =
                         new RestClusterClient<>(client, StandaloneClusterId.getInstance())) {
                awaitTaskManager(rest, jobManager, taskManager, dir);
                Map<String, List<String>> expected = LiveFixture.sampleReplayAlarms(dir.resolve("replay"));
                String name = "cluster";
                // No shared volume: the registry goes to its topic, and the rule set is read where the job is
                // submitted, from a folder that is gone before any TaskManager could look for it.
                RegistryTopics.load(kafka.client(), LiveFixture.SAMPLES.resolve("registry.csv"), null,
                        name + ".registry", null, 2);
                Path clientOnlyRules = Fixtures.copyDefaultRules(dir.resolve("client-only"));
                PackagedProgram program = PackagedProgram.newBuilder().setJarFile(JOB_JAR.toFile()).setConfiguration(client)
                        .setArguments("--bootstrap", kafka.bootstrapServers(), "--registry-topic", name + ".registry",
                                "--rules", clientOnlyRules.toString(), "--group", name,
                                "--topic-prefix", name + ".", "--events-topic", name + ".events",
                                "--reads-topic", name + ".reads", "--checkpoint-interval", "500ms",
                                "--quiet-period", "1500ms", "--idle-after", "4s")
                        .build();
                JobGraph graph = PackagedProgramUtils.createJobGraph(program, client, 2, false);
                deleteTree(dir.resolve("client-only"));
                JobID job = rest.submitJob(graph).get();
                try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
                    feeder.send(TopicFeeder.merged(LiveFixture.SAMPLES.resolve("events.jsonl"), name + ".events",
                            LiveFixture.SAMPLES.resolve("reads.jsonl"), name + ".reads"));
                    Map<String, List<String>> live = LiveFixture.committedAlarms(kafka.client(),
                            LiveFixture.topics(name), LiveFixture.count(expected), Duration.ofSeconds(120),
                            Duration.ofSeconds(3));
                    assertEquals(expected, live, () -> ChildProcess.tail(dir.resolve("taskmanager.out"), 60));
                } finally {
                    rest.cancel(job).get();
                }
            } finally {
                ChildProcess.stop(taskManager, 10_000);
                ChildProcess.stop(jobManager, 10_000);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void awaitTaskManager(RestClusterClient<StandaloneClusterId> rest, Process jobManager,
                                         Process taskManager, Path dir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(jobManager.isAlive() && taskManager.isAlive(), () -> "the cluster processes are running:\n"
                    + ChildProcess.tail(dir.resolve("jobmanager.out"), 25) + "\n"
                    + ChildProcess.tail(dir.resolve("taskmanager.out"), 25));
            try {
                String overview = rest.getWebInterfaceURL();
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(overview + "/taskmanagers")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"slotsNumber\"")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("No TaskManager registered with the JobManager within 90 s.");
    }
}
