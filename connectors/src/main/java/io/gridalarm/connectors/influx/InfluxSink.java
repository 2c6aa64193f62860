package io.gridalarm.connectors.influx;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gridalarm.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes points to an InfluxDB 1.x database (the v1 write API, which 2.x and 3.x also accept), in batches and at
 * every checkpoint, through an {@link InfluxWriter} per subtask. While the server is away, points wait in the
 * writer and go into its checkpointed state, and the writer tries again with a growing pause; the rest of the job
 * (alarms to Kafka) carries on. Only when more than {@code maxWaiting} points wait does the writer hold the job
 * back. Points are identified by series and time, so one written twice after a recovery is still one point:
 * effectively exactly once.
 */
public final class InfluxSink implements Sink<InfluxPoint>, SupportsWriterState<InfluxPoint, List<InfluxPoint>> {

    private static final long serialVersionUID = 1L;

    private final InfluxWriter.Settings settings;
    private final InfluxClient.Factory clients;
    private final InfluxCredentials credentials;

    private InfluxSink(Builder builder) {
        this.settings = new InfluxWriter.Settings(builder.url, builder.database, builder.batchSize,
                builder.maxWaiting, builder.firstPause, builder.longestPause, builder.credentials != null);
        this.credentials = builder.credentials;
        this.clients = builder.clients;
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
        InfluxWriter writer = new InfluxWriter(settings, clients.connect(settings.url(), credentials),
                context.metricGroup().counter("influxWriteFailures"),
                context.metricGroup().counter("influxPointsRefused"), InfluxWriter.Clock.SYSTEM);
        states.forEach(writer::restore);
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

    /** Builds the sink, refusing incomplete settings with a sentence that says what is missing. */
    public static final class Builder {
        private String url;
        private String database;
        private int batchSize = 5_000;
        private int maxWaiting = 1_000_000;
        private Duration firstPause = Duration.ofMillis(200);
        private Duration longestPause = Duration.ofSeconds(10);
        private InfluxClient.Factory clients = InfluxClient::http;
        private InfluxCredentials credentials;

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

        /**
         * The writer's user on a server with authentication. Its databases are then made by {@code parties sync}
         * (an InfluxDB user that may write may not create databases); without credentials the sink creates them.
         */
        public Builder credentials(InfluxCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** How the writers reach the server; the v1 HTTP API unless set. */
        public Builder clients(InfluxClient.Factory factory) {
            this.clients = factory;
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
            if (clients == null) {
                throw new IllegalArgumentException("The InfluxDB output needs a way to connect to the server.");
            }
            return new InfluxSink(this);
        }
    }
}
