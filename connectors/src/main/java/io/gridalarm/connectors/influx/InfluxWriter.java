package io.gridalarm.connectors.influx;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's writer: points wait here until a batch is full or a checkpoint comes, then go to the server. While the
 * server is away they stay (and go into the checkpointed state), and the writer tries again after a pause that
 * doubles up to the longest; only beyond {@code maxWaiting} points does it hold the job back. Points the server
 * refuses as such (a field type conflict) are counted and dropped: sending them again cannot succeed, and stopping
 * the job would stop every alarm.
 */
final class InfluxWriter implements StatefulSinkWriter<InfluxPoint, List<InfluxPoint>> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    /** Time as the writer sees it, so tests can run its pauses without waiting. */
    interface Clock {
        long nanoTime();

        void sleep(long millis) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                Thread.sleep(millis);
            }
        };
    }

    /** How the writer batches and backs off. */
    /**
     * How the writer batches and backs off; {@code provisioned}: the databases exist already (made by
     * {@code parties sync} on a server with authentication), so the writer does not create them.
     */
    record Settings(String url, String database, int batchSize, int maxWaiting, Duration firstPause,
                    Duration longestPause, boolean provisioned) implements Serializable {
    }

    private final Settings settings;
    private final InfluxClient client;
    private final Counter failures;
    private final Counter refused;
    private final Clock clock;
    private final List<InfluxPoint> waiting = new ArrayList<>();
    private final Set<String> created = new HashSet<>();
    private long pauseMillis;
    private long nextAttemptNanos;

    InfluxWriter(Settings settings, InfluxClient client, Counter failures, Counter refused, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.failures = failures;
        this.refused = refused;
        this.clock = clock;
        this.pauseMillis = settings.firstPause().toMillis();
        this.nextAttemptNanos = clock.nanoTime();
    }

    /** Points restored from a checkpoint, sent with the next write. */
    void restore(List<InfluxPoint> points) {
        waiting.addAll(points);
    }

    @Override
    public void write(InfluxPoint point, Context context) throws InterruptedException {
        waiting.add(point);
        if (waiting.size() >= settings.batchSize()) {
            tryWrite();
        }
        while (waiting.size() > settings.maxWaiting()) {
            // Too much to hold: wait for the server rather than grow without bound.
            clock.sleep(untilNextAttemptMillis());
            tryWrite();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        tryWrite();
        while (endOfInput && !waiting.isEmpty()) {
            clock.sleep(untilNextAttemptMillis());
            tryWrite();
        }
    }

    @Override
    public List<List<InfluxPoint>> snapshotState(long checkpointId) {
        return waiting.isEmpty() ? List.of() : List.of(new ArrayList<>(waiting));
    }

    /** How many points wait to be written. */
    int waiting() {
        return waiting.size();
    }

    private long untilNextAttemptMillis() {
        return Math.max(0, (nextAttemptNanos - clock.nanoTime()) / 1_000_000);
    }

    /** One attempt, unless the pause after the last failure is still running. */
    private void tryWrite() {
        if (waiting.isEmpty() || clock.nanoTime() < nextAttemptNanos) {
            return;
        }
        try {
            // Every database's points are written again after a failure: a point is its series and time, so a
            // second write of one already taken changes nothing.
            for (Map.Entry<String, List<InfluxPoint>> group
                    : InfluxDatabases.route(settings.database(), waiting).entrySet()) {
                writeOrRefuse(group.getKey(), group.getValue());
            }
            waiting.clear();
            pauseMillis = settings.firstPause().toMillis();
        } catch (InfluxDBIOException e) {
            failed("not reachable: " + e.getMessage());
        } catch (InfluxDBException e) {
            failed(e.getMessage());
        }
    }

    /** Writes one database's points; a refusal that retrying cannot cure drops those points only. */
    private void writeOrRefuse(String database, List<InfluxPoint> points) {
        try {
            if (!settings.provisioned() && !created.contains(database)) {
                client.createDatabase(database);
                created.add(database);
            }
            client.write(database, points);
        } catch (InfluxDBException e) {
            if (e instanceof InfluxDBIOException || e.isRetryWorth()) {
                throw e;
            }
            refused.inc(points.size());
            LOG.error("InfluxDB at {} refused {} points for database {}: {}", settings.url(), points.size(),
                    database, e.getMessage());
        }
    }

    private void failed(String why) {
        failures.inc();
        LOG.warn("InfluxDB at {} did not take {} points ({}); trying again in {} ms.", settings.url(), waiting.size(),
                why, pauseMillis);
        nextAttemptNanos = clock.nanoTime() + pauseMillis * 1_000_000;
        pauseMillis = Math.min(pauseMillis * 2, settings.longestPause().toMillis());
    }

    @Override
    public void close() {
        client.close();
    }
}
