package io.gridalarm.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.connectors.kafka.AlarmDelivery;
import io.gridalarm.connectors.kafka.CompactedTopic;
import io.gridalarm.connectors.kafka.RegistryTopics;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.LiveClocks;
import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.analyst.RuleSetVersions;
import io.gridalarm.jobs.cli.GridAlarmCli;
import io.gridalarm.jobs.generate.FleetGenerator;
import io.gridalarm.jobs.local.ChildProcess;
import io.gridalarm.jobs.local.LocalInflux;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.local.TopicExport;
import io.gridalarm.jobs.local.TopicFeeder;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.Json;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.rules.RuleSetPackage;
import io.gridalarm.rules.RuleSetSigning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live job on an embedded MiniCluster against a real Kafka broker and a real InfluxDB server. */
class LiveITCase {

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static LocalKafka kafka;
    private static LocalInflux influx;

    /** The analysts' signing key and the public half the test jobs trust. */
    private static Path analystsKey;
    private static Path analystsPublicKey;

    @BeforeAll
    static void startServers() throws Exception {
        RuleSetSigning.generate(shared.resolve("keys"), "analysts");
        analystsKey = shared.resolve("keys").resolve("analysts.key");
        analystsPublicKey = shared.resolve("keys").resolve("analysts.pub");
        kafka = LocalKafka.start(0, shared.resolve("kafka"));
        influx = LocalInflux.start(shared.resolve("influx"));
    }

    /** The broker's last log lines, for a failure message. */
    static String brokerLog() {
        return "\nbroker log:\n" + ChildProcess.tail(kafka.log(), 40);
    }

    @AfterAll
    static void stopServers() throws Exception {
        LiveFixture.stop(kafka, influx);
    }

    @Test
    void liveFedAsGbDataArrivesGivesTheSameAlarmsAndSupplyStatesAsReplayAndWritesThemToInfluxOnce()
            throws Exception {
        Path registry = LiveFixture.SAMPLES.resolve("registry.csv");
        Map<String, List<String>> expected = LiveFixture.sampleReplayWithCommands(dir.resolve("replay"));
        assertTrue(LiveFixture.count(expected) > 20, "the samples give alarms to compare: " + expected.keySet());
        // a withdrawal, a line in the replay's file, is a tombstone on the topic
        Map<String, List<String>> expectedStates = new TreeMap<>();
        for (Map.Entry<String, List<String>> party : StagedOutputFiles.supplyStateLines(dir.resolve("replay"))
                .entrySet()) {
            List<String> lines = new ArrayList<>();
            for (String line : party.getValue()) {
                JsonNode state = Json.mapper().readTree(line);
                lines.add(state.has("withdrawn") ? LiveFixture.withdrawn(state.get("meterId").asText()) : line);
            }
            lines.sort(null);
            expectedStates.put(party.getKey(), lines);
        }
        assertTrue(expected.values().stream().flatMap(List::stream).anyMatch(l -> l.contains("COMMAND_UNCONFIRMED")),
                "the samples' commands give supply-control alarms: " + expected.keySet());
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "agree", registry)
                .influx(influx.url(), "agree").build();
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            List<TopicFeeder.Line> lines = TopicFeeder.asDelivered(LiveFixture.SAMPLES.resolve("events.jsonl"),
                    settings.eventsTopic(), LiveFixture.SAMPLES.resolve("reads.jsonl"), settings.readsTopic());
            lines = TopicFeeder.withLive(lines, LiveFixture.SAMPLES.resolve("requests.jsonl"),
                    settings.inputTopics().requests());
            feeder.send(TopicFeeder.withLive(lines, LiveFixture.SAMPLES.resolve("responses.jsonl"),
                    settings.inputTopics().responses()));
            Map<String, List<String>> live = LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), LiveFixture.count(expected), Duration.ofSeconds(90),
                    Duration.ofSeconds(3));
            assertEquals(expected, live);
            // The test's topics are far below the size at which the broker compacts a segment: every state is there.
            assertEquals(expectedStates, LiveFixture.committedSupplyStates(kafka.client(), settings.outputTopics(),
                    LiveFixture.count(expectedStates), Duration.ofSeconds(30), Duration.ofSeconds(1)),
                    "each party's supply-state topic holds the replay's states of its meters");
            long deliveries = LiveFixture.count(expected);
            assertEquals(deliveries, awaitInfluxCount(settings.influxDatabase(),
                    "SELECT count(\"rule\") FROM \"alarm\"", deliveries, Duration.ofSeconds(30)),
                    "one InfluxDB point per alarm delivered to a party");
            long states = expectedStates.values().stream().flatMap(List::stream)
                    .filter(line -> !line.startsWith(LiveFixture.withdrawn(""))).count();
            assertTrue(states < LiveFixture.count(expectedStates), "a sample meter changes supplier while off");
            assertEquals(states, awaitInfluxCount(settings.influxDatabase(),
                    "SELECT count(\"energised\") FROM \"supply_state\"", states, Duration.ofSeconds(30)),
                    "one InfluxDB point per supply state delivered to a party; a withdrawal writes none");
            assertTrue(awaitInfluxCount(settings.influxDatabase(),
                    "SELECT count(\"reads\") FROM \"feeder_voltage\"", 1, Duration.ofSeconds(10)) > 0);
            assertTrue(awaitInfluxCount(settings.influxDatabase(),
                    "SELECT count(\"value\") FROM \"reliability\"", 1, Duration.ofSeconds(10)) > 0);
        } finally {
            job.cancel().get();
        }
    }

    // After a long stop the job reads both backlogs at once, and nothing makes the alerts come first: here the reads
    // are on their topic when the job starts and the alerts come seconds later, as when the alerts' feed recovers.
    @Test
    void aJobCatchingUpOnReadsBeforeTheAlertsOfTheirTimeGivesTheReplaysAlarms() throws Exception {
        Map<String, List<String>> expected = LiveFixture.sampleReplayAlarms(dir.resolve("replay"));
        assertTrue(expected.values().stream().flatMap(List::stream)
                        .anyMatch(line -> line.contains("\"kind\":\"OUTAGE\"")),
                "the samples have outages, whose meters' reads stop: " + expected.keySet());
        // The alerts come well within the time after which their clock counts as stood still (then the reads that
        // waited for them go, the last of them that long after the last alert): the reads wait for them.
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "catch-up",
                LiveFixture.SAMPLES.resolve("registry.csv")).idleAfter(Duration.ofSeconds(15)).build();
        List<TopicFeeder.Line> lines = TopicFeeder.merged(LiveFixture.SAMPLES.resolve("events.jsonl"),
                settings.eventsTopic(), LiveFixture.SAMPLES.resolve("reads.jsonl"), settings.readsTopic());
        JobClient job = null;
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            LiveJob.prepareTopics(settings, 2);
            feeder.send(lines.stream().filter(line -> line.topic().equals(settings.readsTopic())).toList());
            job = LiveFixture.start(settings);
            Thread.sleep(settings.clocks().quietPeriod().multipliedBy(4).toMillis());
            feeder.send(lines.stream().filter(line -> line.topic().equals(settings.eventsTopic())).toList());
            assertEquals(expected, LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(),
                    LiveFixture.count(expected), Duration.ofSeconds(90), Duration.ofSeconds(3)),
                    "no meter looks silent for reads judged before the outage alerts that explain them");
        } finally {
            if (job != null) {
                job.cancel().get();
            }
        }
    }

    @Test
    void aJobOnRocksDbKilledMidStreamResumesFromItsIncrementalCheckpointAndEveryAlarmArrivesExactlyOnce()
            throws Exception {
        Path registry = LiveFixture.SAMPLES.resolve("registry.csv");
        Map<String, List<String>> expected = LiveFixture.sampleReplayAlarms(dir.resolve("replay"));
        String name = "crash";
        Path checkpoints = dir.resolve("checkpoints");
        List<String> args = List.of("run", "--bootstrap", kafka.bootstrapServers(), "--registry",
                registry.toString(), "--rules", LiveFixture.RULES.toString(), "--checkpoints", checkpoints.toString(),
                "--checkpoint-interval", "500ms", "--group", name, "--topic-prefix", name + ".",
                "--events-topic", name + ".events", "--reads-topic", name + ".reads", "--quiet-period", "1500ms",
                "--idle-after", "4s",
                "--state-backend", "rocksdb", "--registry-topic", name + ".registry");
        LocalKafka.createTopics(kafka.client(), 2, List.of(name + ".events", name + ".reads"));
        Process job = LiveFixture.killMidStreamAndRestart(args, checkpoints, name + ".events", name + ".reads",
                kafka.client(), dir, LiveITCase::brokerLog);
        try {
            Map<String, List<String>> live = LiveFixture.committedAlarms(kafka.client(),
                    LiveFixture.topics(name), LiveFixture.count(expected), Duration.ofSeconds(120),
                    Duration.ofSeconds(4));
            assertEquals(expected, live, () -> "after the restart: " + ChildProcess.tail(dir.resolve("job-2.log"), 40)
                    + brokerLog());
            assertTrue(Files.readString(dir.resolve("job-2.log")).contains("resuming from"),
                    "the second run resumed from the first run's checkpoint");
            try (var files = Files.walk(checkpoints)) {
                assertTrue(files.anyMatch(f -> f.getParent().getFileName().toString().equals("shared")
                        && Files.isRegularFile(f)), "RocksDB's files are shared between incremental checkpoints");
            }
        } finally {
            ChildProcess.stop(job, 10_000);
        }
    }

    @Test
    void deliveredAtLeastOnceEveryAlarmIsSeenWithoutWaitingForACheckpoint() throws Exception {
        Map<String, List<String>> expected = LiveFixture.sampleReplayAlarms(dir.resolve("replay"));
        // No checkpoint completes while the test runs: delivered exactly once, no alarm would be seen.
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "at-once",
                LiveFixture.SAMPLES.resolve("registry.csv")).delivery(AlarmDelivery.AT_LEAST_ONCE)
                .checkpointInterval(Duration.ofMinutes(10)).build();
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            feeder.send(TopicFeeder.merged(LiveFixture.SAMPLES.resolve("events.jsonl"), settings.eventsTopic(),
                    LiveFixture.SAMPLES.resolve("reads.jsonl"), settings.readsTopic()));
            assertEquals(expected, LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(),
                    LiveFixture.count(expected), Duration.ofSeconds(90), Duration.ofSeconds(3)));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void deliveredAtLeastOnceAJobKilledMidStreamLosesNoAlarmAndEveryRepeatIsTheSameAlarm() throws Exception {
        Map<String, List<String>> expected = LiveFixture.sampleReplayAlarms(dir.resolve("replay"));
        String name = "repeat";
        Path checkpoints = dir.resolve("checkpoints");
        List<String> args = List.of("run", "--bootstrap", kafka.bootstrapServers(), "--registry",
                LiveFixture.SAMPLES.resolve("registry.csv").toString(), "--rules", LiveFixture.RULES.toString(),
                "--checkpoints", checkpoints.toString(), "--checkpoint-interval", "500ms", "--group", name,
                "--topic-prefix", name + ".", "--events-topic", name + ".events", "--reads-topic", name + ".reads",
                "--quiet-period", "1500ms", "--idle-after", "4s", "--registry-topic", name + ".registry",
                "--delivery", "at-least-once");
        LocalKafka.createTopics(kafka.client(), 2, List.of(name + ".events", name + ".reads"));
        Process job = LiveFixture.killMidStreamAndRestart(args, checkpoints, name + ".events", name + ".reads",
                kafka.client(), dir, LiveITCase::brokerLog);
        try {
            Map<String, List<String>> live = LiveFixture.committedAlarmsCovering(kafka.client(),
                    LiveFixture.topics(name), expected, Duration.ofSeconds(120), Duration.ofSeconds(4));
            Map<String, Set<String>> distinct = new TreeMap<>();
            live.forEach((party, alarms) -> distinct.put(party, new TreeSet<>(alarms)));
            Map<String, Set<String>> expectedDistinct = new TreeMap<>();
            expected.forEach((party, alarms) -> expectedDistinct.put(party, new TreeSet<>(alarms)));
            assertEquals(expectedDistinct, distinct, () -> "after the restart, each party's alarms (repeats aside): "
                    + ChildProcess.tail(dir.resolve("job-2.log"), 40) + brokerLog());
            assertTrue(LiveFixture.count(live) >= LiveFixture.count(expected));
        } finally {
            ChildProcess.stop(job, 10_000);
        }
    }

    @Test
    void anInfluxOutageHoldsNoAlarmBackAndLosesNoPointOnceTheServerIsBack() throws Exception {
        Path registry = LiveFixture.SAMPLES.resolve("registry.csv");
        Map<String, List<String>> expected = LiveFixture.sampleReplayAlarms(dir.resolve("replay"));
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "outage", registry)
                .influx(influx.url(), "outage").build();
        List<TopicFeeder.Line> lines = TopicFeeder.merged(LiveFixture.SAMPLES.resolve("events.jsonl"),
                settings.eventsTopic(), LiveFixture.SAMPLES.resolve("reads.jsonl"), settings.readsTopic());
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            feeder.send(lines.subList(0, lines.size() / 3));
            assertTrue(awaitInfluxCount("outage", "SELECT count(\"reads\") FROM \"feeder_voltage\"", 1,
                    Duration.ofSeconds(60)) > 0, "points are written before the outage");
            influx.stop();
            feeder.send(lines.subList(lines.size() / 3, lines.size()));
            Map<String, List<String>> live = LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), LiveFixture.count(expected), Duration.ofSeconds(90),
                    Duration.ofSeconds(2));
            assertEquals(expected, live, "every alarm reaches Kafka while InfluxDB is away");
            influx.start();
            long deliveries = LiveFixture.count(expected);
            assertEquals(deliveries, awaitInfluxCount("outage", "SELECT count(\"rule\") FROM \"alarm\"",
                    deliveries, Duration.ofSeconds(60)), "every alarm point arrives once InfluxDB is back");
        } finally {
            job.cancel().get();
            if (!influxRunning()) {
                influx.start();
            }
        }
    }

    private static boolean influxRunning() {
        try (InfluxDB client = InfluxDBFactory.connect(influx.url())) {
            return client.ping().isGood();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void aHundredThousandMalformedRecordsGoToDeadLettersAndTheGoodOnesStillGiveTheirAlarms() throws Exception {
        Path registry = LiveFixture.SAMPLES.resolve("registry.csv");
        Map<String, List<String>> expected = LiveFixture.sampleReplayAlarms(dir.resolve("replay"));
        long sampleDeadLetters = Files.lines(dir.resolve("replay").resolve("dead-letters.jsonl")).count();
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "fuzz", registry).build();
        List<TopicFeeder.Line> good = TopicFeeder.merged(LiveFixture.SAMPLES.resolve("events.jsonl"),
                settings.eventsTopic(), LiveFixture.SAMPLES.resolve("reads.jsonl"), settings.readsTopic());
        List<TopicFeeder.Line> mixed = Fuzz.interleave(good, 100_000, settings.eventsTopic(), settings.readsTopic(),
                new Random(7));
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            feeder.send(mixed);
            Map<String, List<String>> live = LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), LiveFixture.count(expected), Duration.ofSeconds(120),
                    Duration.ofSeconds(2));
            assertEquals(expected, live);
            List<String> deadLetters = LiveFixture.committedValues(kafka.client(),
                    settings.outputTopics().deadLetters(), (int) (100_000 + sampleDeadLetters),
                    Duration.ofSeconds(60));
            assertEquals(100_000 + sampleDeadLetters, deadLetters.size());
            Set<String> reasons = new TreeSet<>();
            for (String line : deadLetters) {
                reasons.add(Json.mapper().readTree(line).get("reason").asText());
            }
            assertTrue(reasons.containsAll(Set.of("BAD_JSON", "UNKNOWN_METER", "BAD_TIME")), reasons.toString());
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job keeps running");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aSupplierChangeLoadedWhileTheJobRunsTakesEffectFromItsValidFromTime() throws Exception {
        Path registry = oneMeterRegistry();
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "switch", registry).build();
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            feeder.sendAsync(settings.eventsTopic(), tamper("t-1", "2026-11-20T10:00:00Z"));
            feeder.flush();
            Map<String, List<String>> before = LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), 1, Duration.ofSeconds(60), Duration.ofMillis(200));
            assertEquals(Set.of("supplier/ALFA"), before.keySet());
            Files.writeString(registry, "M1,ELECTRICITY,F1,S1,10,BRAVO,2026-11-20T11:00:00Z\n",
                    StandardOpenOption.APPEND);
            RegistryTopics.Loaded loaded = RegistryTopics.load(kafka.client(), registry, null,
                    settings.registryTopic(), null, 2);
            assertEquals(new CompactedTopic.Changes(0, 1, 0, 0), loaded.registry(), "one meter's history changed");
            // The change and the next alert travel on different topics: give the change time to reach the job.
            Thread.sleep(3000);
            feeder.sendAsync(settings.eventsTopic(), tamper("t-2", "2026-11-20T12:00:00Z"));
            feeder.flush();
            Map<String, List<String>> after = LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), 2, Duration.ofSeconds(60), Duration.ofSeconds(1));
            assertEquals(1, after.get("supplier/ALFA").size(), after.toString());
            assertEquals(1, after.get("supplier/BRAVO").size(), after.toString());
            assertTrue(after.get("supplier/BRAVO").get(0).contains("t-2"), after.toString());
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aMeterAddedWhileTheJobRunsIsKnownFromItsLoadAndAMeterRemovedIsForgotten() throws Exception {
        Path registry = oneMeterRegistry();
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "churn", registry)
                .registryWait(Duration.ofSeconds(15)).build();
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            // A new meter's first alert comes before its registry row, as when an installer is quicker than the
            // registry: it waits for the row, then goes to the meter's supplier.
            feeder.sendAsync(settings.eventsTopic(), tamper("M2", "t-new", "2026-11-20T10:00:00Z"));
            feeder.flush();
            Files.writeString(registry, "M2,ELECTRICITY,F1,S1,10,BRVO,2025-01-01T00:00:00Z\n",
                    StandardOpenOption.APPEND);
            assertEquals(new CompactedTopic.Changes(1, 0, 0, 1), RegistryTopics.load(kafka.client(), registry, null,
                    settings.registryTopic(), null, 2).registry());
            Map<String, List<String>> added = LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(), 1,
                    Duration.ofSeconds(60), Duration.ofMillis(500));
            assertEquals(Set.of("supplier/BRVO"), added.keySet(), added.toString());

            // M1 leaves the registry: its later alerts are dead letters, as for a meter never heard of.
            Files.writeString(registry, "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n"
                    + "M2,ELECTRICITY,F1,S1,10,BRVO,2025-01-01T00:00:00Z\n");
            assertEquals(new CompactedTopic.Changes(0, 0, 1, 1), RegistryTopics.load(kafka.client(), registry, null,
                    settings.registryTopic(), null, 2).registry());
            Thread.sleep(3000);
            feeder.sendAsync(settings.eventsTopic(), tamper("M1", "t-gone", "2026-11-20T12:00:00Z"));
            feeder.flush();
            List<String> deadLetters = LiveFixture.committedValues(kafka.client(),
                    settings.outputTopics().deadLetters(), 1, Duration.ofSeconds(60));
            assertEquals(1, deadLetters.size(), deadLetters.toString());
            assertEquals("UNKNOWN_METER", Json.mapper().readTree(deadLetters.get(0)).get("reason").asText());
            assertTrue(deadLetters.get(0).contains("t-gone"), deadLetters.toString());
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aPublishedVersionIsSwappedInKeepingStateAndABrokenOneIsRefusedWhileTheOldOneRuns() throws Exception {
        Path registry = oneMeterRegistry();
        Path base = defaultRulesCopy();
        Path next = RuleSetVersions.newVersion(base, "1.1.0");
        Path broken = RuleSetVersions.newVersion(base, "1.2.0");
        Files.writeString(broken.resolve("exit.drl"), "package x;\nrule \"exit\" when then System.exit(1); end\n");
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "swap", registry).ruleSet(base)
                .trustedKeys(List.of(analystsPublicKey)).build();
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            feeder.sendAsync(settings.eventsTopic(), event("t-1", "0x8F3F", "2026-11-20T10:00:00Z"));
            feeder.sendAsync(settings.eventsTopic(), event("loss", "0x8F57", "2026-11-20T10:10:00Z"));
            feeder.sendAsync(settings.eventsTopic(), event("t-2", "0x8F3F", "2026-11-20T10:20:00Z"));
            feeder.flush();
            assertEquals(3, LiveFixture.count(LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), 3, Duration.ofSeconds(60), Duration.ofMillis(200))),
                    "two tamper alarms and the meter's outage, under 1.0.0");

            assertEquals(0, GridAlarmCli.execute("rules", "publish", next.toString(), "--bootstrap",
                    kafka.bootstrapServers(), "--topic", settings.ruleSetsTopic(), "--from", "2026-11-20T10:25:00Z",
                    "--key", analystsKey.toString()));
            List<String> active = LiveFixture.committedValues(kafka.client(),
                    settings.outputTopics().ruleSetStatus(), 2, Duration.ofSeconds(60));
            assertEquals(2, active.stream().filter(l -> l.contains("\"ACTIVE\"")
                    && l.contains("gb-default@1.1.0")).count(), active.toString());
            feeder.sendAsync(settings.eventsTopic(), event("back", "0x8F35", "2026-11-20T10:40:00Z"));
            feeder.sendAsync(settings.eventsTopic(), event("t-3", "0x8F3F", "2026-11-20T10:45:00Z"));
            feeder.flush();
            LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(), 5, Duration.ofSeconds(60),
                    Duration.ofMillis(200));

            publish(feeder, settings, broken, "2026-11-20T10:50:00Z");
            // Anyone who can write the control topic could send this: the same harmless version, unsigned.
            feeder.sendAsync(settings.ruleSetsTopic(), Json.line(RuleSetPackage.of(next,
                    Instant.parse("2026-11-20T10:55:00Z"))).getBytes(StandardCharsets.UTF_8));
            feeder.flush();
            List<String> statuses = LiveFixture.committedValues(kafka.client(),
                    settings.outputTopics().ruleSetStatus(), 6, Duration.ofSeconds(60));
            List<String> refused = statuses.stream().filter(l -> l.contains("\"REFUSED\"")).toList();
            assertEquals(4, refused.size(), statuses.toString());
            assertTrue(refused.get(0).contains("gb-default@1.2.0") && refused.get(0).contains("exit.drl:2")
                    && refused.get(0).contains("'System' is not allowed"), refused.get(0));
            assertEquals(2, refused.stream().filter(l -> l.contains("the version is not signed")).count(),
                    refused.toString());
            feeder.sendAsync(settings.eventsTopic(), event("t-4", "0x8F3F", "2026-11-20T11:00:00Z"));
            feeder.flush();
            Map<String, List<String>> alarms = LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), 6, Duration.ofSeconds(60), Duration.ofSeconds(1));
            List<String> stamps = new ArrayList<>();
            for (List<String> lines : alarms.values()) {
                for (String line : lines) {
                    var alarm = Json.mapper().readTree(line);
                    stamps.add(alarm.path("time").asText() + " " + alarm.path("kind").asText() + " "
                            + alarm.path("status").asText() + " " + alarm.path("ruleSet").asText());
                }
            }
            stamps.sort(null);
            assertEquals(List.of(
                    "2026-11-20T10:00:00Z TAMPER RAISED gb-default@1.0.0",
                    "2026-11-20T10:13:00Z OUTAGE RAISED gb-default@1.0.0",
                    "2026-11-20T10:20:00Z TAMPER RAISED gb-default@1.0.0",
                    "2026-11-20T10:40:00Z OUTAGE CLEARED gb-default@1.1.0",
                    "2026-11-20T10:45:00Z TAMPER RAISED gb-default@1.1.0",
                    "2026-11-20T11:00:00Z TAMPER RAISED gb-default@1.1.0"), stamps,
                    "the outage opened under 1.0.0 is closed under 1.1.0; the refused 1.2.0 changes nothing");
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aPublishedVersionIsStillInUseAfterTheJobResumesFromItsCheckpoint() throws Exception {
        Path registry = oneMeterRegistry();
        Path base = defaultRulesCopy();
        Path next = RuleSetVersions.newVersion(base, "1.1.0");
        Path checkpoints = dir.resolve("checkpoints");
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "swap-restore", registry)
                .ruleSet(base).checkpoints(checkpoints.toString()).trustedKeys(List.of(analystsPublicKey)).build();
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            publish(feeder, settings, next, "2026-11-20T10:00:00Z");
            assertEquals(2, LiveFixture.committedValues(kafka.client(),
                    settings.outputTopics().ruleSetStatus(), 2, Duration.ofSeconds(60)).stream()
                    .filter(l -> l.contains("\"ACTIVE\"")).count());
            // The statuses are committed with a checkpoint that holds the version in broadcast state.
            job.cancel().get();
            assertTrue(LiveJob.latestCheckpoint(checkpoints.toString()).isPresent());
            job = LiveFixture.start(LiveFixture.settings(kafka.bootstrapServers(), "swap-restore", registry).ruleSet(base)
                    .checkpoints(checkpoints.toString()).trustedKeys(List.of(analystsPublicKey)).build());
            feeder.sendAsync(settings.eventsTopic(), event("after-restore", "0x8F3F", "2026-11-20T11:00:00Z"));
            feeder.flush();
            Map<String, List<String>> alarms = LiveFixture.committedAlarms(kafka.client(),
                    settings.outputTopics(), 1, Duration.ofSeconds(90), Duration.ofMillis(500));
            assertEquals(1, LiveFixture.count(alarms), alarms.toString());
            assertTrue(alarms.get("supplier/ALFA").get(0).contains("\"ruleSet\":\"gb-default@1.1.0\""),
                    "the version published before the restart still decides: " + alarms);
        } finally {
            job.cancel().get();
        }
    }

    /** A registry of one electricity meter, M1, supplied by ALFA. */
    private Path oneMeterRegistry() throws Exception {
        return Files.writeString(dir.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n"
                        + "M1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01T00:00:00Z\n");
    }

    /** The default rule set's files copied as rules/gb-default/1.0.0 under the test folder, to make versions from. */
    private Path defaultRulesCopy() throws Exception {
        return Fixtures.copyDefaultRules(dir.resolve("rules"));
    }

    private static void publish(TopicFeeder feeder, LiveSettings settings, Path version, String from)
            throws Exception {
        RuleSetPackage pack = RuleSetSigning.sign(RuleSetPackage.of(version, Instant.parse(from)), analystsKey);
        feeder.sendAsync(settings.ruleSetsTopic(), Json.line(pack).getBytes(StandardCharsets.UTF_8));
        feeder.flush();
    }

    private static byte[] event(String eventId, String code, String time) {
        return ("{\"eventId\":\"" + eventId + "\",\"meterId\":\"M1\",\"fuel\":\"ELECTRICITY\",\"code\":\"" + code
                + "\",\"time\":\"" + time + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tamper(String eventId, String time) {
        return tamper("M1", eventId, time);
    }

    private static byte[] tamper(String meterId, String eventId, String time) {
        return ("{\"eventId\":\"" + eventId + "\",\"meterId\":\"" + meterId + "\",\"fuel\":\"ELECTRICITY\","
                + "\"code\":\"0x8F3F\",\"time\":\"" + time + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The first number of a count query, polled until it reaches the wanted value or the time runs out. */
    static long awaitInfluxCount(String database, String query, long wanted, Duration timeout) throws Exception {
        return LiveFixture.awaitInfluxCount(influx.url(), null, database, query, wanted, timeout);
    }

    // Restoration verification against a real broker: the job asks the DCC (a test responder) for the supply status
    // of a nested outage's meters; the one that answers had supply, the one that does not (E21) stays off.
    @Test
    void aNestedOutageIsVerifiedThroughTheDccAndOnlyTheMeterThatAnswersIsBack() throws Exception {
        Path scenario = Fixtures.DEFAULT_RULES.resolve("scenarios").resolve("nested-outage-verified");
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "verify",
                scenario.resolve("registry.csv")).build();
        JobClient job = LiveFixture.start(settings);
        List<TopicFeeder.Line> alerts = TopicFeeder.asDelivered(scenario.resolve("events.jsonl"),
                settings.eventsTopic(), null, settings.readsTopic());
        TopicFeeder.Line lastRestore = alerts.get(alerts.size() - 1);
        assertTrue(new String(lastRestore.bytes(), StandardCharsets.UTF_8).contains("\"F6\""));
        try (TopicFeeder feeder = new TopicFeeder(kafka.client());
             DccResponder dcc = new DccResponder(kafka.client(), settings.outputTopics().dccRequests(),
                     settings.inputTopics().requests(), settings.inputTopics().responses(),
                     meter -> meter.equals("F5") ? "SUCCESS" : "E21", Duration.ofSeconds(26))) {
            feeder.send(alerts.subList(0, alerts.size() - 1));
            // an alert that changes nothing moves the alerts' clock past the nested delay
            feeder.sendAsync(settings.eventsTopic(), ("{\"eventId\":\"tick\",\"meterId\":\"F1\",\"fuel\":"
                    + "\"ELECTRICITY\",\"code\":\"0x8F35\",\"time\":\"2026-11-20T12:05:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (dcc.answered().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<ServiceRequest> asked = dcc.answered();
            assertEquals(List.of("F5 7.4 10 ELECTRICITY_DISTRIBUTOR 2026-11-20T12:00:04Z",
                    "F6 7.4 10 ELECTRICITY_DISTRIBUTOR 2026-11-20T12:00:06Z"), asked.stream().map(r -> r.meterId()
                    + " " + r.service().reference() + " " + r.user() + " " + r.role() + " " + r.time()).toList(),
                    "each meter of the nested outage read once by its network operator, two seconds apart");
            // F6's own restore alert, once the answers are in
            Thread.sleep(3000);
            feeder.send(List.of(lastRestore));
            // (the reads, sent when the clock had jumped ahead, may also be COMMAND_UNCONFIRMED until answered)
            Map<String, List<String>> live = Map.of();
            List<JsonNode> nested = new ArrayList<>();
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (nested.isEmpty() && System.nanoTime() < deadline) {
                live = LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(), 1,
                        Duration.ofSeconds(10), Duration.ofSeconds(1));
                for (String line : live.getOrDefault("network-operator/10", List.of())) {
                    JsonNode alarm = Json.mapper().readTree(line);
                    if (alarm.get("kind").asText().equals("NESTED_OUTAGE")
                            && alarm.get("status").asText().equals("CLEARED")) {
                        nested.add(alarm);
                    }
                }
            }
            assertEquals(1, nested.size(), live.toString());
            assertEquals(360.42, nested.get(0).get("details").get("customerMinutesLost").asDouble(),
                    "F5 off until its answer (120.42 minutes), F6 until its own restore (240): " + nested.get(0));
        } finally {
            job.cancel().get();
        }
    }

    // A storm trips HV feeders of a generated network (and now and then a primary): its alerts, sent live with the
    // network on its topic, give the same alarms as a replay with the network file, rolled up above the substations.
    @Test
    void aStormOfHvFeederTripsRollsUpLiveThroughTheNetworkFromItsTopicAsInTheReplay() throws Exception {
        FleetGenerator.Written storm = new FleetGenerator(new FleetGenerator.Settings(3000, 1, 21,
                Instant.parse("2026-11-01T00:00:00Z"), 0.0, 0.4).onlyAlerts()).writeTo(dir.resolve("storm"));
        Map<String, List<String>> replay = LiveFixture.replayAlarms(storm.registry(), storm.network(),
                storm.events(), null, dir.resolve("storm-replay"), null);
        assertTrue(replay.values().stream().flatMap(List::stream).anyMatch(line -> line.contains("\"HV_FEEDER\"")),
                "the replay rolls the storm up to HV feeders");
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "storm", storm.registry())
                .network(storm.network()).build();
        JobClient job = LiveFixture.start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            feeder.send(TopicFeeder.asDelivered(storm.events(), settings.eventsTopic(), storm.reads(),
                    settings.readsTopic()));
            Map<String, List<String>> live = LiveFixture.committedAlarmsCovering(kafka.client(),
                    settings.outputTopics(), replay, Duration.ofSeconds(90), Duration.ofSeconds(3));
            assertEquals(replay, live);
        } finally {
            job.cancel().get();
        }
    }

    // Alerts live in time order, each day's reads as one batch at 02:00 the next night, meter by meter, and a few
    // meters' second day two days late after a comms fault: compared with a replay of the same files in time order.
    @Test
    void readsADayLateGiveTheReplaysAlarmsAndOnlyMetersWhoseReadsCameLaterStillLookSilentUntilTheyCome()
            throws Exception {
        FleetGenerator.Written fleet = new FleetGenerator(new FleetGenerator.Settings(300, 2, 1,
                Instant.parse("2026-11-01T00:00:00Z"), 0.0005, 0.3).withReceivedAt()).writeTo(dir.resolve("fleet"));
        assertFalse(fleet.lateMeters().isEmpty(), "the fleet has meters whose reads come two days late");
        assertTrue(fleet.stormMeters() > 20, "the fleet has a storm");
        Map<String, List<String>> replay = LiveFixture.replayAlarms(fleet.registry(), fleet.events(), fleet.reads(),
                dir.resolve("replay"));

        // The nights' batches come seconds apart here: as in production, no partition may go idle between them.
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "late", fleet.registry())
                .idleAfter(LiveClocks.DEFAULT.idleAfter()).influx(influx.url(), "late").build();
        JobClient job = LiveFixture.start(settings);
        Map<String, List<String>> live;
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            List<TopicFeeder.Line> asDelivered = TopicFeeder.merged(fleet.events(), settings.eventsTopic(),
                    fleet.reads(), settings.readsTopic());
            assertTrue(firstReadIndex(asDelivered, settings.readsTopic()) > asDelivered.size() / 200,
                    "alerts of the first day are sent before any read");
            // The comms-faulted meters' reads come two nights later: the job has long finished the night before.
            long lateBatch = Instant.parse("2026-11-04T00:00:00Z").toEpochMilli();
            // Each night's batch comes hours after the alerts before it: here, once the job's alert clock has let
            // them go (each partition quiet, then three quiet periods: five in all).
            feeder.sendBatchesApart(asDelivered.stream().filter(line -> line.timeMillis() < lateBatch).toList(),
                    settings.readsTopic(), settings.clocks().quietPeriod().multipliedBy(5));
            // Every replay alarm is committed only once the night before has been evaluated.
            LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(), LiveFixture.count(replay),
                    Duration.ofSeconds(120), Duration.ZERO);
            feeder.send(asDelivered.stream().filter(line -> line.timeMillis() >= lateBatch).toList());
            live = LiveFixture.committedAlarmsCovering(kafka.client(), settings.outputTopics(), replay,
                    Duration.ofSeconds(120), Duration.ofSeconds(5));
            for (String measure : List.of("customersInterrupted", "customerSecondsLost", "shortInterruptions")) {
                long expected = replayTotal(dir.resolve("replay"), measure);
                assertTrue(expected > 0, "the storm interrupts customers: " + measure);
                String query = "SELECT sum(\"value\") FROM \"reliability\" WHERE \"measure\" = '" + measure + "'";
                LiveFixture.awaitInfluxCount(influx.url(), null, settings.influxDatabase(), query, expected,
                        Duration.ofSeconds(30));
                assertEquals(expected, LiveFixture.awaitInfluxCount(influx.url(), null, settings.influxDatabase(),
                        query, Long.MAX_VALUE, Duration.ofSeconds(1)), "once every input has arrived, the live "
                        + measure + " in InfluxDB equals the replay's reliability.json");
            }
        } finally {
            job.cancel().get();
        }

        Map<String, List<String>> missing = difference(replay, live);
        Map<String, List<String>> extra = difference(live, replay);
        assertEquals(List.of(), summary(missing), "every alarm of the replay is delivered live; live gave more: "
                + summary(extra));
        List<String> commsLoss = new ArrayList<>();
        for (List<String> lines : extra.values()) {
            for (String line : lines) {
                JsonNode alarm = Json.mapper().readTree(line);
                assertEquals("COMMS_LOSS", alarm.get("kind").asText(), "the only extra alarms are comms losses: "
                        + line);
                String meter = alarm.get("meterIds").get(0).asText();
                assertTrue(fleet.lateMeters().contains(meter), "only meters whose reads came two days late: " + line);
                commsLoss.add(meter + ":" + alarm.get("status").asText());
            }
        }
        long raised = commsLoss.stream().filter(s -> s.endsWith(":RAISED")).count();
        assertTrue(raised > 0, "a meter whose reads did not come with its neighbours' looks silent until they come");
        Registry registry = RegistryCsv.read(fleet.registry());
        assertTrue(commsLoss.stream().anyMatch(s -> s.endsWith(":RAISED") && registry.rowsOf(s.split(":")[0]).get(0)
                .fuel() == Fuel.GAS), "a gas meter, alone in its location, looks silent once the fleet's reads have "
                + "moved on without it: " + commsLoss);
        assertEquals(raised, commsLoss.size() - raised, "each comms loss of a late meter is cleared when its reads "
                + "come: " + commsLoss);
        assertEquals(0, replay.values().stream().flatMap(List::stream).filter(l -> l.contains("\"COMMS_LOSS\""))
                .count(), "with every read there, the replay sees no comms loss");

        // And the other way round: the topics exported with when each record arrived, replayed as received.
        Path exported = dir.resolve("exported");
        TopicExport.export(kafka.client(), settings.eventsTopic(), exported.resolve("events.jsonl"));
        TopicExport.export(kafka.client(), settings.readsTopic(), exported.resolve("reads.jsonl"));
        Map<String, List<String>> asReceived = LiveFixture.replayAlarms(fleet.registry(),
                exported.resolve("events.jsonl"), exported.resolve("reads.jsonl"), dir.resolve("as-received"),
                settings.clocks());
        // A meter alone in its location hears of the fleet's progress live (its reads stopped, the fleet's moved
        // on) but, replayed as received, only with a read of its own: by then its late reads are there.
        Map<String, Long> metersPerLocation = registry.meterIds().stream().collect(Collectors.groupingBy(
                meter -> NetworkLocation.keyOf(registry.rowsOf(meter).get(0)), Collectors.counting()));
        Map<String, List<String>> unexplained = new TreeMap<>();
        for (Map.Entry<String, List<String>> bucket : difference(live, asReceived).entrySet()) {
            for (String line : bucket.getValue()) {
                JsonNode alarm = Json.mapper().readTree(line);
                String meter = alarm.get("meterIds").get(0).asText();
                if (!alarm.get("kind").asText().equals("COMMS_LOSS") || metersPerLocation.get(
                        NetworkLocation.keyOf(registry.rowsOf(meter).get(0))) > 1) {
                    unexplained.computeIfAbsent(bucket.getKey(), b -> new ArrayList<>()).add(line);
                }
            }
        }
        assertEquals(List.of(), summary(unexplained), "a replay as received gives every alarm the live job gave but "
                + "a lone meter's comms loss judged from the fleet's progress; it also gave: "
                + summary(difference(asReceived, live)));
        assertEquals(List.of(), summary(difference(asReceived, live)), "a replay as received gives no alarm the live "
                + "job did not");
    }

    /** Each alarm line as kind, status, scope, meter count and time, for a readable failure. */
    private static List<String> summary(Map<String, List<String>> byBucket) throws Exception {
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, List<String>> bucket : byBucket.entrySet()) {
            for (String line : bucket.getValue()) {
                JsonNode a = Json.mapper().readTree(line);
                shown.add(bucket.getKey() + " " + a.get("kind").asText() + ":" + a.get("status").asText() + " "
                        + a.get("scope").get("id").asText() + " n=" + a.get("meterIds").size() + " at "
                        + a.get("time").asText() + " " + a.get("details"));
            }
        }
        return shown;
    }

    /** A measure summed over every day and network operator of a replay's {@code reliability.json}. */
    private static long replayTotal(Path out, String measure) throws Exception {
        long total = 0;
        for (JsonNode day : Json.mapper().readTree(out.resolve("reliability.json").toFile()).get("days")) {
            total += day.get(measure).asLong();
        }
        return total;
    }

    private static int firstReadIndex(List<TopicFeeder.Line> lines, String readsTopic) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).topic().equals(readsTopic)) {
                return i;
            }
        }
        return lines.size();
    }

    /** The lines of {@code a} not in {@code b}, by bucket (as multisets). */
    private static Map<String, List<String>> difference(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> left = new TreeMap<>();
        a.forEach((bucket, lines) -> {
            List<String> rest = new ArrayList<>(lines);
            b.getOrDefault(bucket, List.of()).forEach(rest::remove);
            if (!rest.isEmpty()) {
                left.put(bucket, rest);
            }
        });
        return left;
    }
}
