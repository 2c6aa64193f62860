package io.gridalarm.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.connectors.influx.InfluxClient;
import io.gridalarm.connectors.influx.InfluxCredentials;
import io.gridalarm.connectors.kafka.InputTopics;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.LiveClocks;
import io.gridalarm.jobs.LiveConnections;
import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.ReplayJob;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.cli.GridAlarmCli;
import io.gridalarm.jobs.local.ChildProcess;
import io.gridalarm.jobs.local.PartyAlarmReader;
import io.gridalarm.jobs.local.TopicFeeder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** What the live tests share: sample paths, the replay's alarms as the expectation, and reading output topics. */
final class LiveFixture {

    static final Path SAMPLES = Path.of("../samples").toAbsolutePath().normalize();
    static final Path RULES = Fixtures.DEFAULT_RULES;
    /**
     * A test sends a few records, often to one partition of a topic: the others must go idle before its alarms can
     * come, so the tests' partitions go idle sooner than production's (half a minute), though never within a feed.
     */
    static final Duration IDLE_AFTER = Duration.ofSeconds(4);

    private LiveFixture() {
    }

    /** Settings for a live job on the samples, with topics and group unique to the test. */
    static LiveSettings.Builder settings(String bootstrap, String name, Path registry) {
        return LiveSettings.builder().bootstrapServers(bootstrap).registry(registry).ruleSet(RULES)
                .inputTopics(new InputTopics(name + ".events", name + ".reads", name + ".requests",
                        name + ".responses")).ruleSetsTopic(name + ".rule-sets")
                .registryTopic(name + ".registry").networkTopic(name + ".network").registryWait(Duration.ofSeconds(10))
                .outputTopics(topics(name)).groupId(name)
                .transactionalIdPrefix(name).checkpointInterval(Duration.ofMillis(500))
                .quietPeriod(Duration.ofMillis(1500)).idleAfter(IDLE_AFTER);
    }

    /** The live job on the MiniCluster, its topics created first. */
    static JobClient start(LiveSettings settings) throws Exception {
        // As `run` does: the registry is on its topic before the job takes the snapshot it starts from.
        LiveJob.prepareTopics(settings, 2);
        StreamExecutionEnvironment env = LiveJob.environment(settings);
        LiveJob.buildPipeline(env, settings, LiveConnections.of(settings));
        return env.executeAsync("gridalarm live test");
    }

    /** Stops the servers a test class started (those that did start). */
    static void stop(AutoCloseable... servers) throws Exception {
        for (AutoCloseable server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }

    static OutputTopics topics(String name) {
        return OutputTopics.prefixed(name + ".");
    }

    /** The replay's party alarm lines on the samples' registry, events and reads (see below). */
    static synchronized Map<String, List<String>> sampleReplayAlarms(Path out) throws Exception {
        // Eight live tests compare with this replay: it runs once per test JVM, and each test gets a copy of its files.
        if (sampleReplay == null) {
            Path replayed = Files.createTempDirectory("gridalarm-sample-replay");
            sampleAlarms = replayAlarms(SAMPLES.resolve("registry.csv"), SAMPLES.resolve("events.jsonl"),
                    SAMPLES.resolve("reads.jsonl"), replayed);
            sampleReplay = replayed;
        }
        Fixtures.copyTree(sampleReplay, out);
        return new TreeMap<>(sampleAlarms);
    }

    /** The samples' replay, made by the first test that asks for it. */
    private static Path sampleReplay;
    private static Map<String, List<String>> sampleAlarms;

    /** Party alarm lines by bucket ({@code supplier/ALFA}), each bucket's lines sorted. */
    static Map<String, List<String>> replayAlarms(Path registry, Path events, Path reads, Path out) throws Exception {
        return replayAlarms(registry, events, reads, out, null);
    }

    /** As {@link #replayAlarms(Path, Path, Path, Path)}, as received by a live job with the clocks (null: sorted). */
    static Map<String, List<String>> replayAlarms(Path registry, Path events, Path reads, Path out,
                                                  LiveClocks asReceived) throws Exception {
        return replayAlarms(registry, null, events, reads, out, asReceived);
    }

    /** As {@link #replayAlarms(Path, Path, Path, Path, LiveClocks)}, with a network file (null: none). */
    static Map<String, List<String>> replayAlarms(Path registry, Path network, Path events, Path reads, Path out,
                                                  LiveClocks asReceived) throws Exception {
        return replayAlarms(ReplaySettings.builder().network(network), registry, events, reads, out, asReceived);
    }

    /**
     * The replay's party alarm lines on every sample input, service requests and responses too; its supply states
     * are in {@code out} ({@link StagedOutputFiles#supplyStateLines}).
     */
    static Map<String, List<String>> sampleReplayWithCommands(Path out) throws Exception {
        return replayAlarms(ReplaySettings.builder().requestFile(SAMPLES.resolve("requests.jsonl"))
                        .responseFile(SAMPLES.resolve("responses.jsonl")), SAMPLES.resolve("registry.csv"),
                SAMPLES.resolve("events.jsonl"), SAMPLES.resolve("reads.jsonl"), out, null);
    }

    private static Map<String, List<String>> replayAlarms(ReplaySettings.Builder builder, Path registry, Path events,
                                                          Path reads, Path out, LiveClocks asReceived)
            throws Exception {
        builder.registry(registry).ruleSet(RULES).outDir(out);
        if (events != null) {
            builder.eventFile(events);
        }
        if (reads != null) {
            builder.readFile(reads);
        }
        ReplaySettings settings = builder.build();
        ReplayJob.run(asReceived == null ? settings : settings.asReceivedBy(asReceived),
                ReplayJob.ProgressListener.none());
        Map<String, List<String>> byBucket = new TreeMap<>();
        StagedOutputFiles.partyLines(out).forEach((bucket, lines) ->
                byBucket.put(bucket, lines.stream().sorted().toList()));
        return byBucket;
    }

    static int count(Map<String, List<String>> byBucket) {
        return byBucket.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Reads the party alarm topics with {@code read_committed} from the start until at least {@code expected}
     * records have arrived, then for a settle period more (so duplicates would show), or until the timeout.
     */
    static Map<String, List<String>> committedAlarms(KafkaClientConfig client, OutputTopics topics, int expected,
                                                    Duration timeout, Duration settle) {
        return committedAlarms(client, topics, "test-reader-" + System.nanoTime(), expected, timeout, settle);
    }

    /** As above, in the given consumer group (a party may only use groups named after it). */
    static Map<String, List<String>> committedAlarms(KafkaClientConfig client, OutputTopics topics, String group,
                                                    int expected, Duration timeout, Duration settle) {
        try (PartyAlarmReader reader = new PartyAlarmReader(client, topics, group)) {
            return collect(reader, expected, timeout, settle);
        }
    }

    /** How a tombstone (a meter's state withdrawn from a party) is shown among the JSON lines read. */
    static String withdrawn(String meterId) {
        return "WITHDRAWN " + meterId;
    }

    /** As {@link #committedAlarms}, the party supply-state topics: each party's states, sorted. */
    static Map<String, List<String>> committedSupplyStates(KafkaClientConfig client, OutputTopics topics,
                                                           int expected, Duration timeout, Duration settle) {
        try (PartyAlarmReader reader = PartyAlarmReader.supplyStates(client, topics,
                "test-reader-" + System.nanoTime())) {
            return collect(reader, expected, timeout, settle);
        }
    }

    private static Map<String, List<String>> collect(PartyAlarmReader reader, int expected, Duration timeout,
                                                     Duration settle) {
        Map<String, List<String>> byBucket = new TreeMap<>();
        int seen = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        long settleUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settleUntil)) {
            for (PartyAlarmReader.Received received : reader.poll(Duration.ofMillis(200))) {
                byBucket.computeIfAbsent(received.party(), b -> new ArrayList<>()).add(received.json() != null
                        ? received.json() : withdrawn(received.key()));
                seen++;
            }
            if (seen >= expected && settleUntil == Long.MAX_VALUE) {
                settleUntil = System.nanoTime() + settle.toNanos();
            }
        }
        byBucket.values().forEach(lines -> lines.sort(null));
        return byBucket;
    }

    /**
     * Reads the party alarm topics with {@code read_committed} from the start until every expected alarm has arrived
     * (extra ones may come too, so a count would stop too early), then for a settle period more, or until the
     * timeout.
     */
    static Map<String, List<String>> committedAlarmsCovering(KafkaClientConfig client, OutputTopics topics,
                                                             Map<String, List<String>> expected, Duration timeout,
                                                             Duration settle) {
        Map<String, List<String>> byBucket = new TreeMap<>();
        try (PartyAlarmReader reader = new PartyAlarmReader(client, topics, "test-reader-" + System.nanoTime())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (PartyAlarmReader.Received received : reader.poll(Duration.ofMillis(200))) {
                    byBucket.computeIfAbsent(received.party(), b -> new ArrayList<>()).add(received.json());
                }
                if (settleUntil == Long.MAX_VALUE && covers(byBucket, expected)) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        byBucket.values().forEach(lines -> lines.sort(null));
        return byBucket;
    }

    private static boolean covers(Map<String, List<String>> received, Map<String, List<String>> expected) {
        for (Map.Entry<String, List<String>> bucket : expected.entrySet()) {
            List<String> left = new ArrayList<>(received.getOrDefault(bucket.getKey(), List.of()));
            for (String line : bucket.getValue()) {
                if (!left.remove(line)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every committed record of one topic, read from the start until none arrive for the quiet period. */
    static List<String> committedValues(KafkaClientConfig client, String topic, int atLeast, Duration timeout) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(client)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && values.size() < atLeast) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return values;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaClientConfig client) {
        return new KafkaConsumer<>(client.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                // Party topics appear as parties do: look for new ones every second.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static Path copy(Path file, Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(file, dir.resolve(file.getFileName()));
    }

    /**
     * The number a count query answers, asked again until it reaches {@code wanted} or the timeout passes.
     *
     * @param credentials the user to ask as, null on a server without authentication
     */
    static long awaitInfluxCount(String url, InfluxCredentials credentials, String database, String query,
                                 long wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        try (InfluxDB client = InfluxClient.connect(url, credentials)) {
            do {
                QueryResult result = client.query(new Query(query, database));
                if (result.getError() != null) {
                    throw new IllegalStateException(result.getError());
                }
                count = firstNumber(result);
                if (count >= wanted) {
                    return count;
                }
                Thread.sleep(300);
            } while (System.nanoTime() < deadline);
        }
        return count;
    }

    private static long firstNumber(QueryResult result) {
        if (result.getResults() == null || result.getResults().isEmpty()
                || result.getResults().get(0).getSeries() == null) {
            return 0;
        }
        return result.getResults().get(0).getSeries().stream()
                .mapToLong(series -> ((Number) series.getValues().get(0).get(1)).longValue()).sum();
    }

    /**
     * Runs the live job ({@code run args}) in a child JVM and kills it (SIGKILL) while input still arrives: the
     * samples' first third is fed, a checkpoint completes, the rest is fed in steps, the job is killed once a
     * thousand more lines are in and started again on the same checkpoints. Returns the second run, still running
     * with all input fed; the caller stops it. Logs go to {@code job-1.log} and {@code job-2.log} in {@code dir}.
     */
    static Process killMidStreamAndRestart(List<String> args, Path checkpoints, String eventsTopic,
                                           String readsTopic, KafkaClientConfig feederClient, Path dir,
                                           Supplier<String> brokerLog) throws Exception {
        List<TopicFeeder.Line> lines = TopicFeeder.merged(SAMPLES.resolve("events.jsonl"), eventsTopic,
                SAMPLES.resolve("reads.jsonl"), readsTopic);
        int third = lines.size() / 3;
        AtomicInteger fed = new AtomicInteger(third);
        AtomicReference<Exception> feedingFailed = new AtomicReference<>();
        Process job = startJobProcess(args, dir.resolve("job-1.log"));
        Thread feeding = new Thread(() -> {
            try (TopicFeeder feeder = new TopicFeeder(feederClient)) {
                for (int from = third; from < lines.size(); from += 500) {
                    fed.set((int) (from + feeder.send(lines.subList(from, Math.min(lines.size(), from + 500)))));
                    Thread.sleep(250);
                }
            } catch (Exception e) {
                feedingFailed.set(e);
            }
        });
        try {
            try (TopicFeeder feeder = new TopicFeeder(feederClient)) {
                feeder.send(lines.subList(0, third));
            } catch (IOException e) {
                throw new AssertionError("feeding the first third failed: " + e.getMessage() + brokerLog.get(), e);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (LiveJob.latestCheckpoint(checkpoints.toString()).isEmpty() && System.nanoTime() < deadline) {
                Process running = job;
                assertTrue(running.isAlive(), () -> "the job died: " + ChildProcess.tail(dir.resolve("job-1.log"),
                        40));
                Thread.sleep(100);
            }
            assertTrue(LiveJob.latestCheckpoint(checkpoints.toString()).isPresent(), "a checkpoint completed");
            feeding.start();
            while (fed.get() < third + 1000 && feedingFailed.get() == null) {
                Thread.sleep(20);
            }
            assertTrue(fed.get() < lines.size(), "the job is killed while input is still arriving");
            job.destroyForcibly().waitFor();
            job = startJobProcess(args, dir.resolve("job-2.log"));
            feeding.join();
            if (feedingFailed.get() != null) {
                throw new AssertionError("feeding failed: " + feedingFailed.get() + brokerLog.get(),
                        feedingFailed.get());
            }
            assertEquals(lines.size(), fed.get(), "every line was fed");
            return job;
        } catch (Exception | AssertionError e) {
            ChildProcess.stop(job, 10_000);
            if (feeding.isAlive()) {
                feeding.join();
            }
            throw e;
        }
    }

    private static Process startJobProcess(List<String> args, Path log) throws Exception {
        List<String> command = ChildProcess.javaCommand("1g", GridAlarmCli.class.getName(), args);
        command.add(1, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
