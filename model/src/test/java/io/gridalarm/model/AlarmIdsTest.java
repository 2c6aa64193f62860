package io.gridalarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alarm ids depend on rule, scope and start only. */
class AlarmIdsTest {

    private static final Instant START = Fixtures.T10_00;

    @Test
    void theSameRuleScopeAndStartGiveTheSameId() {
        assertEquals(AlarmIds.of("r", Scope.meter("m1"), START), AlarmIds.of("r", Scope.meter("m1"), START));
        assertEquals(32, AlarmIds.of("r", Scope.meter("m1"), START).length());
    }

    @Test
    void anyDifferenceGivesAnotherId() {
        String id = AlarmIds.of("r", Scope.meter("m1"), START);
        assertNotEquals(id, AlarmIds.of("r2", Scope.meter("m1"), START));
        assertNotEquals(id, AlarmIds.of("r", Scope.meter("m2"), START));
        assertNotEquals(id, AlarmIds.of("r", new Scope(ScopeLevel.FEEDER, "m1"), START));
        assertNotEquals(id, AlarmIds.of("r", Scope.meter("m1"), START.plusMillis(1)));
    }

    @Test
    void alarmJsonHasTheContractsFieldOrderAndSortedDetails() {
        Alarm alarm = new Alarm("id", "SAFETY", Severity.CRITICAL, AlarmStatus.RAISED, Scope.meter("m1"),
                List.of("m1"), 1, START, START, List.of(Recipient.supplier("B"),
                Recipient.networkOperator("12")), "rule", "set@1.0.0", Map.of("z", 1, "a", "x"));
        assertEquals("{\"alarmId\":\"id\",\"kind\":\"SAFETY\",\"severity\":\"CRITICAL\",\"status\":\"RAISED\","
                + "\"scope\":{\"level\":\"METER\",\"id\":\"m1\"},\"meterIds\":[\"m1\"],\"meterCount\":1,"
                + "\"startTime\":\"2026-11-20T10:00:00Z\",\"time\":\"2026-11-20T10:00:00Z\",\"recipients\":"
                + "[{\"type\":\"NETWORK_OPERATOR\",\"id\":\"12\"},{\"type\":\"SUPPLIER\",\"id\":\"B\"}],"
                + "\"rule\":\"rule\",\"ruleSet\":\"set@1.0.0\",\"details\":{\"a\":\"x\",\"z\":1}}", Json.line(alarm));
    }
}
