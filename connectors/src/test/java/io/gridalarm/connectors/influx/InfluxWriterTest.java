package io.gridalarm.connectors.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.SimpleCounter;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.junit.jupiter.api.Test;

/** The writer's batching, retries with a doubling pause, refusals and back-pressure, on a clock the test moves. */
class InfluxWriterTest {

    private static final InfluxWriter.Settings SETTINGS = new InfluxWriter.Settings("http://influx:8086", "grid", 2,
            4, Duration.ofMillis(200), Duration.ofMillis(1000), false);

    /** A server that answers each write with the next scripted outcome (null: success) and keeps what it took. */
    private static final class ScriptedServer implements InfluxClient {
        final Deque<RuntimeException> outcomes = new LinkedList<>(); // null: success
        final List<List<InfluxPoint>> written = new ArrayList<>();
        final List<String> databases = new ArrayList<>();
        final List<String> writtenTo = new ArrayList<>();
        int attempts;

        @Override
        public void createDatabase(String database) {
            databases.add(database);
        }

        @Override
        public void write(String database, List<InfluxPoint> points) {
            attempts++;
            RuntimeException outcome = outcomes.poll();
            if (outcome != null) {
                throw outcome;
            }
            written.add(List.copyOf(points));
            writtenTo.add(database);
        }

        @Override
        public void close() {
        }
    }

    /** Time that moves only when the writer sleeps or the test says so. */
    private static final class TestClock implements InfluxWriter.Clock {
        long nanos;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(long millis) {
            sleeps.add(millis);
            nanos += millis * 1_000_000;
        }

        void advance(long millis) {
            nanos += millis * 1_000_000;
        }
    }

    private static InfluxPoint point(int i) {
        return new InfluxPoint("alarm", Map.of("party", "ALFA"), Map.of("n", i), 1_700_000_000_000L + i);
    }

    private static InfluxDBIOException unreachable() {
        return new InfluxDBIOException(new IOException("Connection refused"));
    }

    private final ScriptedServer server = new ScriptedServer();
    private final TestClock clock = new TestClock();
    private final SimpleCounter failures = new SimpleCounter();
    private final SimpleCounter refused = new SimpleCounter();
    private final InfluxWriter writer = new InfluxWriter(SETTINGS, server, failures, refused, clock);

    @Test
    void pointsGoInBatchesAndTheDatabaseIsCreatedOnce() throws Exception {
        writer.write(point(1), null);
        assertEquals(0, server.attempts, "a batch is two points");
        writer.write(point(2), null);
        writer.write(point(3), null);
        writer.flush(false);
        assertEquals(List.of(List.of(point(1), point(2)), List.of(point(3))), server.written);
        assertEquals(List.of("grid"), server.databases);
        assertEquals(List.of(), writer.snapshotState(1), "nothing left to carry in the checkpoint");
    }

    @Test
    void whileTheServerIsAwayPointsWaitAndTheyAreTriedAgainAfterADoublingPauseUpToTheLongest() throws Exception {
        server.outcomes.addAll(List.of(unreachable(), unreachable(), unreachable(), unreachable()));
        writer.write(point(1), null);
        writer.write(point(2), null);
        assertEquals(1, server.attempts);
        assertEquals(List.of(List.of(point(1), point(2))), writer.snapshotState(7), "kept for the checkpoint");
        writer.flush(false);
        assertEquals(1, server.attempts, "no second attempt during the first pause");
        List<Long> pauses = new ArrayList<>();
        long before = clock.nanos;
        for (int i = 0; i < 4; i++) {
            long attempts = server.attempts;
            while (server.attempts == attempts) {
                clock.advance(100);
                writer.flush(false);
            }
            pauses.add((clock.nanos - before) / 1_000_000);
            before = clock.nanos;
        }
        assertEquals(List.of(200L, 400L, 800L, 1000L), pauses, "200 ms, doubled each time, never above 1 s");
        assertEquals(4, failures.getCount());
        assertEquals(List.of(List.of(point(1), point(2))), server.written, "written once the server is back");
        clock.advance(5_000);
        server.outcomes.add(unreachable());
        writer.write(point(3), null);
        writer.write(point(4), null);
        clock.advance(200);
        writer.flush(false);
        assertEquals(2, server.written.size(), "after a success the pause starts again at 200 ms");
    }

    @Test
    void pointsTheServerRefusesAsSuchAreCountedAndDroppedNotRetried() throws Exception {
        // The body InfluxDB 1.x answers a write with when a field changes type.
        server.outcomes.add(InfluxDBException.buildExceptionForErrorState("{\"error\":\"partial write: field type "
                + "conflict: input field \\\"n\\\" on measurement \\\"alarm\\\" is type float\"}"));
        writer.write(point(1), null);
        writer.write(point(2), null);
        assertEquals(2, refused.getCount());
        assertEquals(0, writer.waiting());
        assertEquals(0, failures.getCount());
    }

    @Test
    void beyondTheWaitingLimitTheWriterHoldsTheJobBackUntilTheServerTakesThem() throws Exception {
        server.outcomes.addAll(List.of(unreachable(), unreachable(), unreachable()));
        for (int i = 1; i <= 5; i++) {
            writer.write(point(i), null);
        }
        assertEquals(List.of(List.of(point(1), point(2), point(3), point(4), point(5))), server.written);
        assertTrue(clock.sleeps.stream().mapToLong(Long::longValue).sum() >= 200 + 400,
                "it slept out the pauses: " + clock.sleeps);
    }

    @Test
    void atTheEndOfInputTheWriterWaitsUntilEveryPointIsWritten() throws Exception {
        server.outcomes.addAll(List.of(unreachable(), unreachable()));
        writer.write(point(1), null);
        writer.flush(true);
        assertEquals(0, writer.waiting());
        assertEquals(List.of(List.of(point(1))), server.written);
    }

    private static InfluxPoint delivery(String party, int i) {
        return new InfluxPoint("alarm", Map.of(InfluxDatabases.PARTY_TYPE_TAG, "supplier", InfluxDatabases.PARTY_TAG,
                party), Map.of("n", i), 1_700_000_000_000L + i);
    }

    @Test
    void aDeliveryToAPartyGoesToTheOperatorsDatabaseAndToThatPartysOwn() throws Exception {
        writer.write(delivery("ALFA", 1), null);
        writer.write(delivery("BRVO", 2), null);
        assertEquals(List.of("grid", "grid_supplier_ALFA", "grid_supplier_BRVO"), server.writtenTo);
        assertEquals(List.of(List.of(delivery("ALFA", 1), delivery("BRVO", 2)), List.of(delivery("ALFA", 1)),
                List.of(delivery("BRVO", 2))), server.written);
        writer.write(delivery("ALFA", 3), null);
        writer.write(delivery("ALFA", 4), null);
        assertEquals(List.of("grid", "grid_supplier_ALFA", "grid_supplier_BRVO"), server.databases,
                "each database created once");
    }

    @Test
    void aRefusalByOnePartysDatabaseDropsOnlyThatPartysPoints() throws Exception {
        server.outcomes.addAll(Arrays.asList(null,
                InfluxDBException.buildExceptionForErrorState("{\"error\":\"database not found: x\"}")));
        writer.write(delivery("ALFA", 1), null);
        writer.write(delivery("BRVO", 2), null);
        assertEquals(1, refused.getCount(), "ALFA's copy was refused");
        assertEquals(List.of("grid", "grid_supplier_BRVO"), server.writtenTo);
        assertEquals(0, writer.waiting());
        assertEquals(0, failures.getCount());
    }

    @Test
    void aWriterOnAServerWithAuthenticationCreatesNoDatabase() throws Exception {
        InfluxWriter provisioned = new InfluxWriter(new InfluxWriter.Settings("http://influx:8086", "grid", 1, 4,
                Duration.ofMillis(200), Duration.ofMillis(1000), true), server, failures, refused, clock);
        provisioned.write(delivery("ALFA", 1), null);
        assertEquals(List.of(), server.databases);
        assertEquals(List.of("grid", "grid_supplier_ALFA"), server.writtenTo);
    }
}
