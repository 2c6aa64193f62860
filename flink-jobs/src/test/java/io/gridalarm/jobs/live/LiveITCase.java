package io.gridalarm.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.local.LocalInflux;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.local.TopicFeeder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
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

    @BeforeAll
    static void startServers() throws Exception {
        kafka = LocalKafka.start(0, shared.resolve("kafka"));
        influx = LocalInflux.start(shared.resolve("influx"));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (influx != null) {
            influx.close();
        }
    }

    private static JobClient start(LiveSettings settings) throws Exception {
        StreamExecutionEnvironment env = LiveJob.environment(settings);
        LiveJob.buildPipeline(env, settings);
        LocalKafka.createTopics(settings.bootstrapServers(), 2, List.of(settings.eventsTopic(),
                settings.readsTopic(), settings.outputTopics().networkOperatorAlarms(),
                settings.outputTopics().supplierAlarms(), settings.outputTopics().deadLetters(),
                settings.outputTopics().audit()));
        return env.executeAsync("gridalarm live test");
    }

    @Test
    void liveGivesTheSameAlarmsAsReplayAndWritesThemToInfluxOnce() throws Exception {
        Path registry = LiveFixture.SAMPLES.resolve("registry.csv");
        Map<String, List<String>> expected = LiveFixture.replayAlarms(registry,
                LiveFixture.SAMPLES.resolve("events.jsonl"), LiveFixture.SAMPLES.resolve("reads.jsonl"),
                dir.resolve("replay"));
        assertTrue(LiveFixture.count(expected) > 20, "the samples give alarms to compare: " + expected.keySet());
        LiveSettings settings = LiveFixture.settings(kafka.bootstrapServers(), "agree", registry)
                .influx(influx.url(), "agree").build();
        JobClient job = start(settings);
        try (TopicFeeder feeder = new TopicFeeder(kafka.bootstrapServers())) {
            feeder.send(TopicFeeder.merged(LiveFixture.SAMPLES.resolve("events.jsonl"), settings.eventsTopic(),
                    LiveFixture.SAMPLES.resolve("reads.jsonl"), settings.readsTopic()));
            Map<String, List<String>> live = LiveFixture.committedAlarms(kafka.bootstrapServers(),
                    settings.outputTopics(), LiveFixture.count(expected), Duration.ofSeconds(90),
                    Duration.ofSeconds(3));
            assertEquals(expected, live);
            long deliveries = LiveFixture.count(expected);
            assertEquals(deliveries, awaitInfluxCount(settings.influxDatabase(),
                    "SELECT count(\"rule\") FROM \"alarm\"", deliveries, Duration.ofSeconds(30)),
                    "one InfluxDB point per alarm delivered to a party");
            assertTrue(awaitInfluxCount(settings.influxDatabase(),
                    "SELECT count(\"reads\") FROM \"feeder_voltage\"", 1, Duration.ofSeconds(10)) > 0);
            assertTrue(awaitInfluxCount(settings.influxDatabase(),
                    "SELECT count(\"value\") FROM \"reliability\"", 1, Duration.ofSeconds(10)) > 0);
        } finally {
            job.cancel().get();
        }
    }

    /** The first number of a count query, polled until it reaches the wanted value or the time runs out. */
    static long awaitInfluxCount(String database, String query, long wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        try (InfluxDB client = InfluxDBFactory.connect(influx.url())) {
            do {
                QueryResult result = client.query(new Query(query, database));
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
}
