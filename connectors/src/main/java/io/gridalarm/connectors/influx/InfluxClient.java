package io.gridalarm.connectors.influx;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;

/**
 * The two things the sink asks of an InfluxDB server: make sure the database exists, and write a batch of points.
 * Failures surface as the InfluxDB client's exceptions ({@code InfluxDBIOException} when the server is not
 * reachable, {@code InfluxDBException} when it refuses), which the writer turns into retries or refusals.
 */
public interface InfluxClient extends AutoCloseable {

    void createDatabase(String database);

    void write(String database, List<InfluxPoint> points);

    @Override
    void close();

    /** Connects a client to a server; serializable, so the sink carries it to the TaskManagers. */
    @FunctionalInterface
    interface Factory extends Serializable {
        /** A client of the server at {@code url}, as the user (null: a server without authentication). */
        InfluxClient connect(String url, InfluxCredentials credentials);
    }

    /** The v1 HTTP API through influxdb-java (the API InfluxDB 1.x, 2.x and 3.x all accept). */
    static InfluxClient http(String url, InfluxCredentials credentials) {
        InfluxDB influx = connect(url, credentials);
        return new InfluxClient() {
            @Override
            public void createDatabase(String database) {
                influx.query(new Query("CREATE DATABASE \"" + database + "\""));
            }

            @Override
            public void write(String database, List<InfluxPoint> points) {
                influx.write(batch(database, points));
            }

            @Override
            public void close() {
                influx.close();
            }
        };
    }

    /** An influxdb-java connection with the timeouts gridalarm uses, as the user when one is given. */
    static InfluxDB connect(String url, InfluxCredentials credentials) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS);
        return credentials == null ? InfluxDBFactory.connect(url, http)
                : InfluxDBFactory.connect(url, credentials.username(), credentials.password(), http);
    }

    private static BatchPoints batch(String database, List<InfluxPoint> points) {
        BatchPoints batch = BatchPoints.database(database).precision(TimeUnit.MILLISECONDS).build();
        for (InfluxPoint point : points) {
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
}
