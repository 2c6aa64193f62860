package io.gridalarm.connectors.influx;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One InfluxDB point. The series (measurement and tags) and the timestamp identify it, so writing the same point
 * again after a recovery overwrites it instead of adding a second one.
 *
 * @param measurement the measurement name
 * @param tags indexed identifying values, in name order
 * @param fields the values (numbers, strings or booleans), at least one
 * @param timeMillis the point's time, epoch milliseconds
 */
public record InfluxPoint(String measurement, Map<String, String> tags, Map<String, Object> fields,
                          long timeMillis) {

    public InfluxPoint {
        if (measurement == null || measurement.isBlank()) {
            throw new IllegalArgumentException("An InfluxDB point needs a measurement name.");
        }
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("An InfluxDB point needs at least one field; " + measurement
                    + " had none.");
        }
        tags = new TreeMap<>(tags);
        fields = new TreeMap<>(fields);
        tags.values().removeIf(value -> value == null || value.isEmpty());
        fields.values().removeIf(Objects::isNull);
    }
}
