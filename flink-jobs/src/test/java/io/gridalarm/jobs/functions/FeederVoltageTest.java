package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Half-hourly feeder voltage figures and their InfluxDB point. */
class FeederVoltageTest {

    private static MeterRecord read(Double min, Double avg, Double max) {
        return MeterRecord.of(new IntervalRead(Fixtures.METER.meterId(), null,
                Instant.parse("2026-11-20T10:00:00Z"), 30, null, null, min, avg, max), Fixtures.METER);
    }

    @Test
    void aWindowKeepsTheLowestMinimumTheHighestMaximumAndTheMeanOfAverages() {
        FeederVoltage.Aggregate aggregate = new FeederVoltage.Aggregate();
        FeederVoltage.Stats stats = aggregate.createAccumulator();
        stats = aggregate.add(read(230.0, 240.0, 250.0), stats);
        stats = aggregate.add(read(null, 236.0, null), stats);
        FeederVoltage.Stats other = aggregate.add(read(210.0, 220.0, 255.0), aggregate.createAccumulator());
        stats = aggregate.merge(stats, other);
        InfluxPoint point = FeederVoltage.point("F1", stats, 1_000L);
        assertEquals(FeederVoltage.MEASUREMENT, point.measurement());
        assertEquals(Map.of("networkOperator", "12", "substation", "S1", "feeder", "F1"), point.tags());
        assertEquals(210.0, point.fields().get("min"));
        assertEquals(255.0, point.fields().get("max"));
        assertEquals((240.0 + 236.0 + 220.0) / 3, (double) point.fields().get("mean"), 1e-9);
        assertEquals(3L, point.fields().get("reads"));
        assertEquals(1_000L, point.timeMillis());
    }
}
