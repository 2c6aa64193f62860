package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Per-feeder voltage statistics over each half hour of reads: lowest minimum, highest maximum, mean of the
 * averages and the number of reads, as InfluxDB points in measurement {@code feeder_voltage} stamped with the
 * window's start (so a late read rewrites the same point).
 */
public final class FeederVoltage {

    public static final String MEASUREMENT = "feeder_voltage";

    private FeederVoltage() {
    }

    /** The key: reads of meters on a feeder, or of a meter without one, by itself. */
    public static String feederKey(MeterRecord record) {
        RegistryRow meter = record.meter();
        return meter.feederId() != null ? meter.feederId() : "meter:" + meter.meterId();
    }

    /** Running figures of one window. */
    public record Stats(String networkOperator, String substationId, String feederId, double min, double max,
                        double sumOfAverages, long averages, long reads) {

        static final Stats EMPTY = new Stats(null, null, null, Double.NaN, Double.NaN, 0, 0, 0);

        Stats with(MeterRecord record) {
            IntervalRead read = record.read();
            RegistryRow meter = record.meter();
            return new Stats(meter.networkOperator(), meter.substationId(), meter.feederId(),
                    lower(min, read.voltageMin() != null ? read.voltageMin() : read.voltageAvg()),
                    higher(max, read.voltageMax() != null ? read.voltageMax() : read.voltageAvg()),
                    sumOfAverages + (read.voltageAvg() == null ? 0 : read.voltageAvg()),
                    averages + (read.voltageAvg() == null ? 0 : 1), reads + 1);
        }

        Stats merge(Stats other) {
            return new Stats(networkOperator != null ? networkOperator : other.networkOperator,
                    substationId != null ? substationId : other.substationId,
                    feederId != null ? feederId : other.feederId, lower(min, other.min), higher(max, other.max),
                    sumOfAverages + other.sumOfAverages, averages + other.averages, reads + other.reads);
        }

        private static double lower(double a, Double b) {
            if (b == null || Double.isNaN(b)) {
                return a;
            }
            return Double.isNaN(a) ? b : Math.min(a, b);
        }

        private static double higher(double a, Double b) {
            if (b == null || Double.isNaN(b)) {
                return a;
            }
            return Double.isNaN(a) ? b : Math.max(a, b);
        }
    }

    /** Folds reads with voltage into {@link Stats}. */
    public static final class Aggregate implements AggregateFunction<MeterRecord, Stats, Stats> {
        private static final long serialVersionUID = 1L;

        @Override
        public Stats createAccumulator() {
            return Stats.EMPTY;
        }

        @Override
        public Stats add(MeterRecord record, Stats stats) {
            return stats.with(record);
        }

        @Override
        public Stats getResult(Stats stats) {
            return stats;
        }

        @Override
        public Stats merge(Stats a, Stats b) {
            return a.merge(b);
        }
    }

    /** Stamps a window's figures with its start and turns them into a point. */
    public static final class ToPoint extends ProcessWindowFunction<Stats, InfluxPoint, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context context, Iterable<Stats> figures, Collector<InfluxPoint> out) {
            for (Stats stats : figures) {
                out.collect(point(key, stats, context.window().getStart()));
            }
        }
    }

    static InfluxPoint point(String key, Stats stats, long windowStart) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("networkOperator", stats.networkOperator());
        tags.put("substation", stats.substationId());
        tags.put("feeder", key);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!Double.isNaN(stats.min())) {
            fields.put("min", stats.min());
        }
        if (!Double.isNaN(stats.max())) {
            fields.put("max", stats.max());
        }
        if (stats.averages() > 0) {
            fields.put("mean", stats.sumOfAverages() / stats.averages());
        }
        fields.put("reads", stats.reads());
        return new InfluxPoint(MEASUREMENT, tags, fields, windowStart);
    }
}
