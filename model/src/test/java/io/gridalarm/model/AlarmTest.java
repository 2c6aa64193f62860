package io.gridalarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alarms built step by step, and changed copies derived from them. */
class AlarmTest {

    private static final Instant START = Fixtures.T10_00;

    private static Alarm raised() {
        return Alarm.builder().alarmId("a-1").kind("OUTAGE", Severity.MAJOR).emission(AlarmStatus.RAISED, START)
                .startTime(START).about(Scope.meter("m2"), List.of("m2", "m1", "m2"))
                .raisedBy("Feeder outage", "gb-default@1.0.0").recipients(List.of(Recipient.networkOperator("12")))
                .details(Map.of("level", "FEEDER")).build();
    }

    @Test
    void aBuiltAlarmSortsItsMetersAndCountsThemAsGiven() {
        Alarm alarm = raised();
        assertEquals(List.of("m1", "m2"), alarm.meterIds());
        assertEquals(3, alarm.meterCount(), "the count is of the meters given unless set");
    }

    @Test
    void aDerivedCopyChangesOnlyWhatItSaysAndKeepsTheDetailsItAddsTo() {
        Alarm raised = raised();
        Instant end = START.plusSeconds(3600);
        Alarm cleared = raised.toBuilder().emission(AlarmStatus.CLEARED, end).details(Map.of("endTime", end))
                .build();
        assertEquals(raised.alarmId(), cleared.alarmId());
        assertEquals(AlarmStatus.CLEARED, cleared.status());
        assertEquals(end, cleared.time());
        assertEquals(START, cleared.startTime());
        assertEquals(Map.of("level", "FEEDER", "endTime", end), cleared.details());
        assertEquals(raised.meterCount(), cleared.meterCount());
        assertEquals(raised, raised.toBuilder().build(), "a copy with no change is equal");
        assertEquals(List.of(), raised.withRecipients(List.of()).recipients());
    }

    @Test
    void anIncompleteAlarmIsRefusedWithASentenceNamingWhatIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Alarm.builder().alarmId("a-1").kind("TAMPER", Severity.MAJOR).build());
        assertEquals("An alarm needs a status, a scope, a start time, the time of its emission, the rule that "
                + "raised it, its rule set.", e.getMessage());
    }
}
