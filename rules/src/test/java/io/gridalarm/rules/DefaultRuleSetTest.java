package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static io.gridalarm.rules.Fixtures.ELECTRIC;
import static io.gridalarm.rules.Fixtures.GAS;
import static io.gridalarm.rules.Fixtures.event;
import static io.gridalarm.rules.Fixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Severity;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default rule set's DRL, facts in and alarms out, with no Flink. */
class DefaultRuleSetTest {

    private final FleetRun fleet = FleetRun.defaultRules();

    @AfterEach
    void close() {
        fleet.close();
    }

    private List<Alarm> run(MeterRecord... records) {
        return fleet.feed(records);
    }

    @Test
    void safetyAlertIsCriticalToNetworkOperatorAndSupplier() {
        List<Alarm> alarms = run(event(ELECTRIC, "e1", "0x81B8", at("10:15:30")));
        assertEquals(1, alarms.size());
        Alarm alarm = alarms.get(0);
        assertEquals("SAFETY", alarm.kind());
        assertEquals(Severity.CRITICAL, alarm.severity());
        assertEquals(List.of(Recipient.networkOperator("12"), Recipient.supplier("ALFA")), alarm.recipients());
        assertEquals("Safety alert", alarm.rule());
        assertEquals("gb-default@1.0.0", alarm.ruleSet());
        assertEquals("Incorrect Polarity", alarm.details().get("description"));
    }

    @Test
    void gasSafetyAlertGoesToTheGasNetworkOperator() {
        Alarm alarm = run(event(GAS, "g1", "0x81B4", at("10:15:30"))).get(0);
        assertEquals(List.of(Recipient.networkOperator("NGN"), Recipient.supplier("BRVO")), alarm.recipients());
    }

    @Test
    void tamperAndSupplyControlFailuresGoToTheSupplierOnly() {
        List<Alarm> alarms = run(event(ELECTRIC, "e1", "0x8F74", at("10:00")),
                event(ELECTRIC, "e2", "0x81C0", at("11:00")));
        assertEquals(List.of("TAMPER", "SUPPLY_CONTROL_FAILURE"), alarms.stream().map(Alarm::kind).toList());
        alarms.forEach(a -> assertEquals(List.of(Recipient.supplier("ALFA")), a.recipients()));
    }

    @Test
    void outageAndRestoreAlertsRaiseNothingInThisRuleSet() {
        assertTrue(run(event(ELECTRIC, "e1", "0x8F57", at("10:00")),
                event(ELECTRIC, "e2", "0x8F35", at("10:01"))).isEmpty());
    }

    @Test
    void twoConsecutiveHighReadsRaiseOnceAndAReadInRangeClears() {
        List<Alarm> alarms = run(
                read(ELECTRIC, at("10:00"), 240, 245, 250),
                read(ELECTRIC, at("10:30"), 250, 254, 258),
                read(ELECTRIC, at("11:00"), 251, 255, 259),
                read(ELECTRIC, at("11:30"), 252, 256, 260),
                read(ELECTRIC, at("12:00"), 236, 240, 244));
        assertEquals(2, alarms.size());
        Alarm raised = alarms.get(0);
        Alarm cleared = alarms.get(1);
        assertEquals(AlarmStatus.RAISED, raised.status());
        assertEquals("EXTREME_VOLTAGE", raised.kind());
        assertEquals(at("10:30"), raised.startTime());
        assertEquals(at("11:30"), raised.time());
        assertEquals("HIGH", raised.details().get("direction"));
        assertEquals(259.0, raised.details().get("highestVolts"));
        assertEquals(List.of(Recipient.networkOperator("12")), raised.recipients());
        assertEquals(AlarmStatus.CLEARED, cleared.status());
        assertEquals(raised.alarmId(), cleared.alarmId());
        assertEquals(raised.rule(), cleared.rule());
        assertEquals("Voltage back inside the statutory range", cleared.details().get("clearedBy"));
        assertEquals(120L, cleared.details().get("durationMinutes"));
    }

    @Test
    void aSingleLowReadRaisesNothingAndLeavesNoState() {
        Evaluation low = fleet.rules().evaluate(read(ELECTRIC, at("10:00"), 200, 210, 230), null);
        assertTrue(low.alarms().isEmpty());
        Evaluation normal = fleet.rules().evaluate(read(ELECTRIC, at("10:30"), 230, 235, 240), low.state());
        assertTrue(normal.alarms().isEmpty());
        assertNull(normal.state());
    }

    @Test
    void aGapBetweenOutOfRangeReadsRestartsTheCount() {
        assertTrue(run(read(ELECTRIC, at("10:00"), 200, 210, 230),
                read(ELECTRIC, at("11:00"), 200, 210, 230)).isEmpty());
    }

    @Test
    void aReDeliveredReadIsNotCountedTwice() {
        assertTrue(run(read(ELECTRIC, at("10:00"), 200, 210, 230),
                read(ELECTRIC, at("10:00"), 200, 210, 230)).isEmpty());
    }

    @Test
    void voltageAlertIsRaisedOnceAndClearedByItsBackToNormalCode() {
        List<Alarm> alarms = run(event(ELECTRIC, "e1", "0x8003", at("10:00")),
                event(ELECTRIC, "e2", "0x8003", at("10:05")),
                event(ELECTRIC, "e3", "0x8089", at("10:06")),
                event(ELECTRIC, "e4", "0x8085", at("10:10")));
        assertEquals(List.of(AlarmStatus.RAISED, AlarmStatus.CLEARED), alarms.stream().map(Alarm::status).toList());
        assertEquals(alarms.get(0).alarmId(), alarms.get(1).alarmId());
        assertEquals(1, alarms.get(0).details().get("phase"));
        assertEquals(Severity.MINOR, alarms.get(0).severity());
        assertEquals(10L, alarms.get(1).details().get("durationMinutes"));
    }

    @Test
    void loadLimitTripOpensAndRestorationClears() {
        List<Alarm> alarms = run(event(ELECTRIC, "e1", "0x8F33", at("10:00")),
                event(ELECTRIC, "e2", "0x8F34", at("10:30")));
        assertEquals(List.of(AlarmStatus.RAISED, AlarmStatus.CLEARED), alarms.stream().map(Alarm::status).toList());
        assertEquals(List.of(Recipient.supplier("ALFA")), alarms.get(1).recipients());
    }
}
