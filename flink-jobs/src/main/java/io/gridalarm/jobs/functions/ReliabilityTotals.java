package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.model.Json;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by day, network operator and measure ({@link OutputLine#sortKey()} of a reliability contribution), keeps
 * the running total and writes it as an InfluxDB point in measurement {@code reliability} stamped with the start
 * of the GB local day: each new total overwrites the day's point, so the figure is right after any replay.
 */
public final class ReliabilityTotals extends KeyedProcessFunction<String, OutputLine, InfluxPoint> {

    private static final long serialVersionUID = 1L;
    public static final String MEASUREMENT = "reliability";

    private transient ValueState<Long> total;

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("reliability-total", Types.LONG));
    }

    @Override
    public void processElement(OutputLine line, Context ctx, Collector<InfluxPoint> out) throws Exception {
        ReliabilityFigures.Contribution c = Json.mapper().readValue(line.text(), ReliabilityFigures.Contribution.class);
        Long before = total.value();
        long now = (before == null ? 0 : before) + c.value();
        total.update(now);
        long dayStart = LocalDate.parse(c.day()).atStartOfDay(ReliabilityFigures.ZONE).toInstant().toEpochMilli();
        out.collect(new InfluxPoint(MEASUREMENT, Map.of("networkOperator", c.networkOperator(), "measure",
                c.measure()), Map.of("value", now), dayStart));
    }
}
