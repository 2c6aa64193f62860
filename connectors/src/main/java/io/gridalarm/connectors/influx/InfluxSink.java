package io.gridalarm.connectors.influx;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gridalarm.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes points to an InfluxDB 1.x database (the v1 write API, which 2.x and 3.x also accept), in batches and at
 * every checkpoint. While the server is away, points wait in the writer and go into its checkpointed state, and
 * the writer tries again with a growing pause; the rest of the job (alarms to Kafka) carries on. Only when more
 * than {@code maxWaiting} points wait does the writer hold the job back. Points are identified by series and time,
 * so one written twice after a recovery is still one point: effectively exactly once.
 */
public final class InfluxSink implements Sink<InfluxPoint>, SupportsWriterState<InfluxPoint, List<InfluxPoint>> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSink.class);

    private final String url;
    private final String database;
    private final int batchSize;
    private final int maxWaiting;
    private final Duration firstPause;
    private final Duration longestPause;

    private InfluxSink(Builder builder) {
        this.url = builder.url;
        this.database = builder.database;
        this.batchSize = builder.batchSize;
        this.maxWaiting = builder.maxWaiting;
        this.firstPause = builder.firstPause;
        this.longestPause = builder.longestPause;
    }

    /** Starts a sink definition. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public StatefulSinkWriter<InfluxPoint, List<InfluxPoint>> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<InfluxPoint, List<InfluxPoint>> restoreWriter(WriterInitContext context,
                                                                          Collection<List<InfluxPoint>> states) {
        Writer writer = new Writer(context.metricGroup().counter("influxWriteFailures"),
                context.metricGroup().counter("influxPointsRefused"));
        states.forEach(writer.waiting::addAll);
        return writer;
    }

    @Override
    public SimpleVersionedSerializer<List<InfluxPoint>> getWriterStateSerializer() {
        return new WaitingPointsSerializer();
    }

    /** The points still to be written, as JSON. */
    static final class WaitingPointsSerializer implements SimpleVersionedSerializer<List<InfluxPoint>> {
        private static final TypeReference<List<InfluxPoint>> TYPE = new TypeReference<>() {
        };

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<InfluxPoint> points) throws IOException {
            return Json.mapper().writeValueAsBytes(points);
        }

        @Override
        public List<InfluxPoint> deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) {
                throw new IOException("Unknown version " + version + " of waiting InfluxDB points.");
            }
            return Json.mapper().readValue(bytes, TYPE);
        }
    }

    private final class Writer implements StatefulSinkWriter<InfluxPoint, List<InfluxPoint>> {
        private final InfluxDB influx;
        private final List<InfluxPoint> waiting = new ArrayList<>();
        private final Counter failures;
        private final Counter refused;
        private boolean databaseReady;
        private long pauseMillis = firstPause.toMillis();
        private long nextAttemptNanos = System.nanoTime();

        Writer(Counter failures, Counter refused) {
            OkHttpClient.Builder http = new OkHttpClient.Builder()
                    .connectTimeout(2, TimeUnit.SECONDS)
                    .readTimeout(30, TimeUnit.SECONDS)
                    .writeTimeout(30, TimeUnit.SECONDS);
            this.influx = InfluxDBFactory.connect(url, http);
            this.failures = failures;
            this.refused = refused;
        }

        @Override
        public void write(InfluxPoint point, Context context) throws InterruptedException {
            waiting.add(point);
            if (waiting.size() >= batchSize) {
                tryWrite();
            }
            while (waiting.size() > maxWaiting) {
                // Too much to hold: wait for the server rather than grow without bound.
                Thread.sleep(Math.max(0, (nextAttemptNanos - System.nanoTime()) / 1_000_000));
                tryWrite();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws InterruptedException {
            tryWrite();
            while (endOfInput && !waiting.isEmpty()) {
                Thread.sleep(Math.max(0, (nextAttemptNanos - System.nanoTime()) / 1_000_000));
                tryWrite();
            }
        }

        @Override
        public List<List<InfluxPoint>> snapshotState(long checkpointId) {
            return waiting.isEmpty() ? List.of() : List.of(new ArrayList<>(waiting));
        }

        /** One attempt, unless the pause after the last failure is still running. */
        private void tryWrite() {
            if (waiting.isEmpty() || System.nanoTime() < nextAttemptNanos) {
                return;
            }
            try {
                if (!databaseReady) {
                    influx.query(new Query("CREATE DATABASE \"" + database + "\""));
                    databaseReady = true;
                }
                influx.write(batch());
                waiting.clear();
                pauseMillis = firstPause.toMillis();
            } catch (InfluxDBIOException e) {
                failed("not reachable: " + e.getMessage());
            } catch (InfluxDBException e) {
                if (e.isRetryWorth()) {
                    failed(e.getMessage());
                } else {
                    // The server refused the points themselves (e.g. a field type conflict): sending them again
                    // cannot succeed, and stopping the job would stop every alarm.
                    refused.inc(waiting.size());
                    LOG.error("InfluxDB at {} refused {} points: {}", url, waiting.size(), e.getMessage());
                    waiting.clear();
                }
            }
        }

        private void failed(String why) {
            failures.inc();
            LOG.warn("InfluxDB at {} did not take {} points ({}); trying again in {} ms.", url, waiting.size(), why,
                    pauseMillis);
            nextAttemptNanos = System.nanoTime() + pauseMillis * 1_000_000;
            pauseMillis = Math.min(pauseMillis * 2, longestPause.toMillis());
        }

        private BatchPoints batch() {
            BatchPoints batch = BatchPoints.database(database).precision(TimeUnit.MILLISECONDS).build();
            for (InfluxPoint point : waiting) {
                Point.Builder builder = Point.measurement(point.measurement())
                        .time(point.timeMillis(), TimeUnit.MILLISECONDS)
                        .tag(point.tags());
                for (Map.Entry<String, Object> field : point.fields().entrySet()) {
                    Object value = field.getValue();
                    if (value instanceof Number number) {
                        builder.addField(field.getKey(), number);
                    } else if (value instanceof Boolean flag) {
                        builder.addField(field.getKey(), flag);
                    } else {
                        builder.addField(field.getKey(), value.toString());
                    }
                }
                batch.point(builder.build());
            }
            return batch;
        }

        @Override
        public void close() {
            influx.close();
        }
    }

    /** Builds the sink, refusing incomplete settings with a sentence that says what is missing. */
    public static final class Builder {
        private String url;
        private String database;
        private int batchSize = 5_000;
        private int maxWaiting = 1_000_000;
        private Duration firstPause = Duration.ofMillis(200);
        private Duration longestPause = Duration.ofSeconds(10);

        /** The server's HTTP address, e.g. {@code http://127.0.0.1:8086}. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** Points held before a write that is not forced by a checkpoint. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Points that may wait while the server is away before the writer holds the job back. */
        public Builder maxWaiting(int maxWaiting) {
            this.maxWaiting = maxWaiting;
            return this;
        }

        /** The pause after the first failed write; it doubles up to {@code longest}. */
        public Builder backoff(Duration first, Duration longest) {
            this.firstPause = first;
            this.longestPause = longest;
            return this;
        }

        public InfluxSink build() {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("The InfluxDB output needs the server's http(s):// address; got "
                        + url + ".");
            }
            if (database == null || database.isBlank() || database.contains("\"")) {
                throw new IllegalArgumentException("The InfluxDB output needs a database name without quotes; got "
                        + database + ".");
            }
            if (batchSize < 1 || maxWaiting < batchSize) {
                throw new IllegalArgumentException("The InfluxDB batch size must be at least 1 and no more than the "
                        + "points allowed to wait; got " + batchSize + " and " + maxWaiting + ".");
            }
            if (firstPause == null || longestPause == null || firstPause.isNegative() || firstPause.isZero()
                    || longestPause.compareTo(firstPause) < 0) {
                throw new IllegalArgumentException("The InfluxDB retry pauses must be positive, the longest no "
                        + "shorter than the first.");
            }
            return new InfluxSink(this);
        }
    }
}
