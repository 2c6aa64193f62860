package io.gridalarm.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.generate.FleetGenerator;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.local.TopicFeeder;
import io.gridalarm.model.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job fed as GB data really arrives: alerts live in time order, each day's reads as one batch at 02:00 the
 * next night, meter by meter, and a few meters' second day two days late after a comms fault. Its committed alarms
 * are compared with a replay of the same files in time order.
 */
class ReadsADayLateITCase {

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(0, shared.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void readsADayLateGiveTheReplaysAlarmsAndOnlyMetersWhoseReadsCameLaterStillLookSilentUntilTheyCome()
            throws Exception {
        FleetGenerator.Written fleet = new FleetGenerator(new FleetGenerator.Settings(300, 2, 1,
                Instant.parse("2026-11-01T00:00:00Z"), 0.0005, 0.3).withReceivedAt()).writeTo(dir.resolve("fleet"));
        assertFalse(fleet.lateMeters().isEmpty(), "the fleet has meters whose reads come two days late");
        assertTrue(fleet.stormMeters() > 20, "the fleet has a storm");
        Map<String, List<String>> replay = LiveFixture.replayAlarms(fleet.registry(), fleet.events(), fleet.reads(),
                dir.resolve("replay"));

        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "late", fleet.registry()).build();
        JobClient job = LiveFixture.start(settings);
        Map<String, List<String>> live;
        try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
            List<TopicFeeder.Line> asDelivered = TopicFeeder.merged(fleet.events(), settings.eventsTopic(),
                    fleet.reads(), settings.readsTopic());
            assertTrue(firstReadIndex(asDelivered, settings.readsTopic()) > asDelivered.size() / 200,
                    "alerts of the first day are sent before any read");
            // The comms-faulted meters' reads come two nights later: the job has long finished the night before.
            long lateBatch = Instant.parse("2026-11-04T00:00:00Z").toEpochMilli();
            feeder.send(asDelivered.stream().filter(line -> line.timeMillis() < lateBatch).toList());
            // Every replay alarm is committed only once the night before has been evaluated.
            LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(), LiveFixture.count(replay),
                    Duration.ofSeconds(120), Duration.ZERO);
            feeder.send(asDelivered.stream().filter(line -> line.timeMillis() >= lateBatch).toList());
            live = LiveFixture.committedAlarms(kafka.client(), settings.outputTopics(),
                    LiveFixture.count(replay), Duration.ofSeconds(120), Duration.ofSeconds(5));
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
        assertEquals(raised, commsLoss.size() - raised, "each comms loss of a late meter is cleared when its reads "
                + "come: " + commsLoss);
        assertEquals(0, replay.values().stream().flatMap(List::stream).filter(l -> l.contains("\"COMMS_LOSS\""))
                .count(), "with every read there, the replay sees no comms loss");
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
