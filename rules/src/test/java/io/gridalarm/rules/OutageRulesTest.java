package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static io.gridalarm.rules.Fixtures.ELECTRIC;
import static io.gridalarm.rules.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.Recipient;
import io.gridalarm.rules.fact.SupplyEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Meter-level loss and restoration of supply through the default rule set, without Flink. */
class OutageRulesTest {

    private final FleetRun fleet = FleetRun.defaultRules();
    private final DroolsMeterRules rules = fleet.rules();

    @AfterEach
    void close() {
        fleet.close();
    }

    private List<Alarm> run(MeterRecord... records) {
        return fleet.feed(records);
    }

    private static MeterRecord read(Instant start) {
        return Fixtures.read(ELECTRIC, start, 238.0, 240.0, 242.0);
    }

    @Test
    void aShortInterruptionRaisesNothingAndIsCounted() {
        assertTrue(run(event(ELECTRIC, "l", "0x8F57", at("10:00")),
                event(ELECTRIC, "r", "0x8F35", at("10:02"))).isEmpty());
        assertEquals(List.of(SupplyEvent.Change.LOST, SupplyEvent.Change.SHORT_INTERRUPTION),
                fleet.supplyEvents().stream().map(SupplyEvent::change).toList());
        assertNull(fleet.state(ELECTRIC.meterId()), "nothing is kept after a short interruption");
    }

    @Test
    void aLongInterruptionIsRaisedAtTheDelayAndClearedWithCustomerMinutesLost() {
        List<Alarm> alarms = run(event(ELECTRIC, "l", "0x8F57", at("10:00")),
                event(ELECTRIC, "r", "0x8F36", at("10:10:30")));
        assertEquals(List.of(AlarmStatus.RAISED, AlarmStatus.CLEARED), alarms.stream().map(Alarm::status).toList());
        Alarm raised = alarms.get(0);
        assertEquals("OUTAGE", raised.kind());
        assertEquals(at("10:00"), raised.startTime());
        assertEquals(at("10:03"), raised.time(), "confirmed when the delay ran out");
        assertEquals(List.of(Recipient.networkOperator("12")), raised.recipients());
        Alarm cleared = alarms.get(1);
        assertEquals(raised.alarmId(), cleared.alarmId());
        assertEquals(1, cleared.details().get("customersInterrupted"));
        assertEquals(10.5, cleared.details().get("customerMinutesLost"), "10 min 30 s, to the second, not floored");
        assertEquals(630L, cleared.details().get("customerSecondsLost"));
        assertEquals("0x8F36", cleared.details().get("restoredBy"));
        assertNull(fleet.state(ELECTRIC.meterId()));
    }

    @Test
    void theHubsAd1ConfirmsAtOnceAndIsNotCountedTwice() {
        List<Alarm> alarms = run(event(ELECTRIC, "l", "0x8F57", at("10:00")),
                event(ELECTRIC, "h", "AD1", at("10:02:50")),
                event(ELECTRIC, "l2", "0x8F58", at("10:05")),
                event(ELECTRIC, "r", "0x8F35", at("10:20")));
        assertEquals(List.of(AlarmStatus.RAISED, AlarmStatus.CLEARED), alarms.stream().map(Alarm::status).toList());
        assertEquals("AD1", alarms.get(0).details().get("confirmedBy"));
        assertEquals(at("10:02:50"), alarms.get(0).time());
        assertEquals(20.0, alarms.get(1).details().get("customerMinutesLost"));
    }

    @Test
    void anAd1WithoutTheMetersOwnAlertDatesTheLossThreeMinutesBack() {
        Alarm raised = run(event(ELECTRIC, "h", "AD1", at("10:03"))).get(0);
        assertEquals(at("10:00"), raised.startTime());
    }

    @Test
    void aReadForAnIntervalAfterTheLossRestoresSupply() {
        List<Alarm> alarms = run(event(ELECTRIC, "l", "0x8F57", at("10:10")),
                read(at("10:00")), read(at("10:30")));
        assertEquals(List.of(AlarmStatus.RAISED, AlarmStatus.CLEARED), alarms.stream().map(Alarm::status).toList());
        assertEquals("READ", alarms.get(1).details().get("restoredBy"));
        assertEquals(at("10:30"), alarms.get(1).time());
        assertEquals(20.0, alarms.get(1).details().get("customerMinutesLost"));
    }

    @Test
    void theClockAloneConfirmsAnInterruptionAtItsDeadline() {
        run(event(ELECTRIC, "l", "0x8F57", at("10:00")));
        assertEquals(at("10:03"), rules.nextDeadline(fleet.state(ELECTRIC.meterId())));
        Evaluation early = rules.settle(at("10:02:59"), fleet.state(ELECTRIC.meterId()));
        assertTrue(early.alarms().isEmpty());
        Evaluation due = rules.settle(at("10:07"), fleet.state(ELECTRIC.meterId()));
        assertEquals(1, due.alarms().size());
        assertEquals(at("10:03"), due.alarms().get(0).time());
        assertNull(rules.nextDeadline(due.state()), "a confirmed interruption waits for no deadline");
    }
}
