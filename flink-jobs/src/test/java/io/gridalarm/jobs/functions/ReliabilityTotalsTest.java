package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.model.Json;
import java.time.ZonedDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Running reliability totals per day, operator and measure, each written over the day's InfluxDB point. */
class ReliabilityTotalsTest {

    private static OutputLine contribution(String day, String measure, long value) {
        ReliabilityFigures.Contribution c = new ReliabilityFigures.Contribution(day, "10", measure, value);
        return new OutputLine(OutputLine.RELIABILITY, day + "|10|" + measure, measure, Json.line(c));
    }

    @Test
    void eachContributionRewritesTheDaysPointWithTheNewTotal() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ReliabilityTotals(),
                OutputLine::sortKey, Types.STRING)) {
            h.processElement(contribution("2026-07-01", "customersInterrupted", 25), 0L);
            h.processElement(contribution("2026-07-01", "customersInterrupted", 5), 0L);
            h.processElement(contribution("2026-07-02", "customersInterrupted", 7), 0L);
            List<InfluxPoint> points = h.extractOutputValues();
            assertEquals(List.of(25L, 30L, 7L), points.stream().map(p -> p.fields().get("value")).toList());
            long summerMidnight = ZonedDateTime.parse("2026-07-01T00:00:00+01:00[Europe/London]").toInstant()
                    .toEpochMilli();
            assertEquals(summerMidnight, points.get(1).timeMillis(), "days start at GB local midnight");
            assertEquals(points.get(0).tags(), points.get(1).tags(), "the same series, so the total overwrites");
        }
    }
}
