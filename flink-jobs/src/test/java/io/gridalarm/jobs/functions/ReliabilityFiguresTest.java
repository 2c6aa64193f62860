package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.Severity;
import io.gridalarm.rules.OutageRollUp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Outage alarms as contributions to the regulator's figures, by GB local day of the interruption's start. */
class ReliabilityFiguresTest {

    private static Alarm outage(String kind, AlarmStatus status, ScopeLevel level, String start,
                                Map<String, Object> details) {
        return Alarm.builder().alarmId("a1").kind(kind, Severity.MAJOR).emission(status, Instant.parse(start))
                .startTime(Instant.parse(start)).about(new Scope(level, "F1"), List.of("m1", "m2"))
                .raisedBy("rule", "gb-default@1.0.0").recipients(List.of(Recipient.networkOperator("12")))
                .details(details).build();
    }

    private static List<String> measures(List<OutputLine> lines) {
        return lines.stream().map(l -> l.bucket() + " " + l.sortKey()).toList();
    }

    @Test
    void aRaisedOutageCountsOnceByItsLevelOnTheLocalDayItStarted() {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
        assertEquals(List.of("reliability 2026-07-01|12|outages.FEEDER"), measures(ReliabilityFigures.of(
                outage(OutageRollUp.KIND, AlarmStatus.RAISED, ScopeLevel.FEEDER, "2026-06-30T23:30:00Z", Map.of()))));
        assertEquals(List.of("reliability 2026-11-20|12|outages.NESTED"), measures(ReliabilityFigures.of(
                outage(OutageRollUp.NESTED_KIND, AlarmStatus.RAISED, ScopeLevel.METER, "2026-11-20T10:00:00Z",
                        Map.of()))));
    }

    @Test
    void aClearedOutageCountsItsCustomersAndMinutesAndAnUpdateCountsNothing() {
        Alarm cleared = outage(OutageRollUp.KIND, AlarmStatus.CLEARED, ScopeLevel.FEEDER, "2026-11-20T10:00:00Z",
                Map.of("customersInterrupted", 2, "customerMinutesLost", 75.0, "customerSecondsLost", 4500L));
        List<OutputLine> lines = ReliabilityFigures.of(cleared);
        assertEquals(List.of("reliability 2026-11-20|12|customersInterrupted",
                "reliability 2026-11-20|12|customerSecondsLost"), measures(lines));
        assertEquals("{\"day\":\"2026-11-20\",\"networkOperator\":\"12\",\"measure\":\"customerSecondsLost\","
                + "\"value\":4500}", lines.get(1).text(), "summed in exact seconds");
        assertEquals(List.of(), ReliabilityFigures.of(outage(OutageRollUp.KIND, AlarmStatus.UPDATED, ScopeLevel.FEEDER,
                "2026-11-20T10:00:00Z", Map.of())));
    }

    @Test
    void aNestedOutageALateReadCorrectedOrBackBeforeItWasDueIsTakenBackFromTheCountWhenItClears() {
        Map<String, Object> corrected = Map.of("customersInterrupted", 1, "customerMinutesLost", 40.0,
                "customerSecondsLost", 2400L,
                OutageRollUp.CORRECTED_BY_LATE_READ.getKey(), OutageRollUp.CORRECTED_BY_LATE_READ.getValue());
        List<OutputLine> lines = ReliabilityFigures.of(outage(OutageRollUp.NESTED_KIND, AlarmStatus.CLEARED,
                ScopeLevel.METER, "2026-11-20T10:00:00Z", corrected));
        assertEquals(List.of("reliability 2026-11-20|12|customersInterrupted",
                "reliability 2026-11-20|12|customerSecondsLost", "reliability 2026-11-20|12|outages.NESTED"),
                measures(lines));
        assertEquals("{\"day\":\"2026-11-20\",\"networkOperator\":\"12\",\"measure\":\"outages.NESTED\","
                + "\"value\":-1}", lines.get(2).text());
        Map<String, Object> backBefore = Map.of("customersInterrupted", 1, "customerMinutesLost", 12.5,
                "customerSecondsLost", 750L, OutageRollUp.BACK_BEFORE, "2026-11-20T11:00:00Z");
        assertEquals("reliability 2026-11-20|12|outages.NESTED", measures(ReliabilityFigures.of(outage(
                OutageRollUp.NESTED_KIND, AlarmStatus.CLEARED, ScopeLevel.METER, "2026-11-20T10:00:00Z", backBefore)))
                .get(2), "meters back before their nested outage was due: taken back too, their minutes counted");
        assertEquals(2, ReliabilityFigures.of(outage(OutageRollUp.NESTED_KIND, AlarmStatus.CLEARED, ScopeLevel.METER,
                "2026-11-20T10:00:00Z", Map.of("customersInterrupted", 1, "customerMinutesLost", 40.0,
                        "customerSecondsLost", 2400L))).size(),
                "a nested outage that was one stays counted");
    }
}
