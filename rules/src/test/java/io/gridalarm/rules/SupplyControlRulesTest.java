package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.ELECTRIC;
import static io.gridalarm.rules.Fixtures.GAS;
import static io.gridalarm.rules.Fixtures.at;
import static io.gridalarm.rules.Fixtures.event;
import static io.gridalarm.rules.Fixtures.read;
import static io.gridalarm.rules.Fixtures.request;
import static io.gridalarm.rules.Fixtures.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.SwitchPosition;
import io.gridalarm.rules.fact.Interruption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default rule set's supervision of supply control (supply-control.drl), with no Flink. */
class SupplyControlRulesTest {

    private final FleetRun fleet = FleetRun.defaultRules();

    @AfterEach
    void close() {
        fleet.close();
    }

    private static List<String> kindsAndStatus(List<Alarm> alarms) {
        return alarms.stream().map(a -> a.kind() + " " + a.status()).toList();
    }

    @Test
    void aCommandAnsweredInTimeRaisesNothingAndLeavesOnlyTheSwitchPosition() {
        List<Alarm> alarms = new ArrayList<>(fleet.feed(request(ELECTRIC, "r-1", DuisService.DISABLE_SUPPLY,
                at("10:00")), response(ELECTRIC, "r-1", "SUCCESS", at("10:00:40"))));
        alarms.addAll(fleet.settle(at("12:00")));
        assertEquals(List.of(), alarms);
        SupplyControl control = fleet.state(ELECTRIC.meterId()).control();
        assertEquals(SwitchPosition.DISCONNECTED, control.position());
        assertEquals(at("10:00:40"), control.positionSince());
        assertEquals(List.of(), control.pending());
        assertNull(fleet.rules().nextDeadline(fleet.state(ELECTRIC.meterId())), "no deadline left");
    }

    @Test
    void aCommandWithoutOutcomeIsUnconfirmedToItsSenderAndALateOutcomeClearsIt() {
        fleet.feed(request(ELECTRIC, "r-1", DuisService.DISABLE_SUPPLY, at("10:00")));
        assertEquals(at("10:01").plusMillis(1), fleet.rules().nextDeadline(fleet.state(ELECTRIC.meterId())));
        assertEquals(List.of(), fleet.settle(at("10:01")), "an outcome at the very limit is still in time");
        List<Alarm> raised = fleet.settle(at("10:01:01"));
        assertEquals(List.of("COMMAND_UNCONFIRMED RAISED"), kindsAndStatus(raised));
        Alarm unconfirmed = raised.get(0);
        assertEquals(List.of(Recipient.supplier("ALFA")), unconfirmed.recipients());
        assertEquals("r-1", unconfirmed.details().get("requestId"));
        assertEquals("7.2", unconfirmed.details().get("service"));
        assertEquals(at("10:00"), unconfirmed.startTime());

        List<Alarm> cleared = fleet.feed(response(ELECTRIC, "r-1", "SUCCESS", at("10:07")));
        assertEquals(List.of("COMMAND_UNCONFIRMED CLEARED"), kindsAndStatus(cleared));
        assertEquals(unconfirmed.alarmId(), cleared.get(0).alarmId());
        assertEquals("SUCCESS", cleared.get(0).details().get("outcome"));
        MeterState state = fleet.state(ELECTRIC.meterId());
        assertEquals(List.of(), state.openAlarms());
        assertEquals(List.of(), state.control().pending());
        assertEquals(SwitchPosition.DISCONNECTED, state.control().position());
    }

    @Test
    void anOutcomeAtTheLimitIsInTimeAndOneASecondAfterIsLate() {
        fleet.feed(request(ELECTRIC, "r-1", DuisService.ENABLE_SUPPLY, at("10:00")));
        List<Alarm> atLimit = new ArrayList<>(fleet.settle(at("10:01")));
        atLimit.addAll(fleet.feed(response(ELECTRIC, "r-1", "SUCCESS", at("10:01"))));
        assertEquals(List.of(), atLimit);
        fleet.reset();
        fleet.feed(request(ELECTRIC, "r-2", DuisService.ENABLE_SUPPLY, at("10:00")));
        List<Alarm> late = new ArrayList<>(fleet.settle(at("10:01:01")));
        late.addAll(fleet.feed(response(ELECTRIC, "r-2", "SUCCESS", at("10:01:01"))));
        assertEquals(List.of("COMMAND_UNCONFIRMED RAISED", "COMMAND_UNCONFIRMED CLEARED"), kindsAndStatus(late));
    }

    @Test
    void anOutcomeEvaluatedWithTheOverdueClockAnswersItsCommand() {
        // without a settle in between (as the job always settles first) the outcome and the overdue meet in one firing
        assertEquals(List.of(), fleet.feed(request(ELECTRIC, "r-1", DuisService.ENABLE_SUPPLY, at("10:00")),
                response(ELECTRIC, "r-1", "SUCCESS", at("10:05"))));
    }

    @Test
    void aScheduledCommandIsTimedFromItsScheduleAndAServiceMayHaveItsOwnLimit() {
        MeterRecord scheduled = MeterRecord.of(new ServiceRequest("r-1", ELECTRIC.meterId(), "ALFA",
                DccRole.IMPORT_SUPPLIER, DuisService.DISABLE_SUPPLY, at("09:00"), at("10:00")), ELECTRIC);
        fleet.feed(scheduled);
        assertEquals(at("10:01").plusMillis(1), fleet.rules().nextDeadline(fleet.state(ELECTRIC.meterId())));
        assertEquals(List.of(), fleet.settle(at("10:01")));
        assertEquals(List.of("COMMAND_UNCONFIRMED RAISED"), kindsAndStatus(fleet.settle(at("10:01:01"))));
    }

    @Test
    void aCommandNeverAnsweredIsForgottenAfterItsWaitWithItsAlarmLeftOpen() {
        fleet.feed(request(ELECTRIC, "r-1", DuisService.ARM_SUPPLY, at("10:00")));
        assertEquals(1, fleet.settle(at("10:02")).size());
        Instant forget = at("10:01").plusSeconds(48 * 3600);
        assertEquals(forget, fleet.rules().nextDeadline(fleet.state(ELECTRIC.meterId())));
        assertEquals(List.of(), fleet.settle(forget));
        MeterState state = fleet.state(ELECTRIC.meterId());
        assertNull(state.control(), "nothing pending, no position ever reported");
        assertEquals(List.of("COMMAND_UNCONFIRMED/r-1"), state.openAlarms().stream().map(o -> o.key()).toList());
        assertNull(fleet.rules().nextDeadline(state));
    }

    @Test
    void aFailedOrUnreachableCriticalCommandIsASupplyControlFailureLinkedToItsRequest() {
        for (String outcome : List.of("FAILURE", "E20", "E21")) {
            fleet.reset();
            List<Alarm> alarms = fleet.feed(request(ELECTRIC, "r-" + outcome, DuisService.DISABLE_SUPPLY,
                    at("10:00")), response(ELECTRIC, "r-" + outcome, outcome, at("10:00:30")));
            assertEquals(List.of("SUPPLY_CONTROL_FAILURE RAISED"), kindsAndStatus(alarms), outcome);
            assertEquals("r-" + outcome, alarms.get(0).details().get("requestId"));
            assertEquals(outcome, alarms.get(0).details().get("outcome"));
            assertEquals("Supply control command failed", alarms.get(0).rule());
            assertNull(fleet.state(ELECTRIC.meterId()), "a failed command sets no position and leaves nothing");
        }
    }

    @Test
    void aFailedSupplyStatusReadIsNoSupplyControlFailure() {
        assertEquals(List.of(), fleet.feed(request(ELECTRIC, "r-1", DuisService.READ_SUPPLY_STATUS, at("10:00")),
                response(ELECTRIC, "r-1", "E21", at("10:00:30"))));
    }

    @Test
    void aDisconnectFailureAlertIsLinkedToTheDisconnectAwaitedAndItsFailedResponseIsNotASecondAlarm() {
        List<Alarm> alarms = fleet.feed(request(ELECTRIC, "r-1", DuisService.DISABLE_SUPPLY, at("10:00")),
                event(ELECTRIC, "e-1", "0x81C0", at("10:00:20")),
                response(ELECTRIC, "r-1", "FAILURE", at("10:00:40")));
        assertEquals(List.of("SUPPLY_CONTROL_FAILURE RAISED"), kindsAndStatus(alarms));
        assertEquals("r-1", alarms.get(0).details().get("requestId"));
        assertEquals("0x81C0", alarms.get(0).details().get("code"));
        assertNull(fleet.state(ELECTRIC.meterId()), "nothing left pending");
    }

    @Test
    void aConnectFailureAlertWithNoCommandAwaitedStillRaisesUnlinked() {
        List<Alarm> alarms = fleet.feed(request(ELECTRIC, "r-1", DuisService.DISABLE_SUPPLY, at("10:00")),
                event(ELECTRIC, "e-1", "0x81BD", at("10:00:20")));
        assertEquals(List.of("SUPPLY_CONTROL_FAILURE RAISED"), kindsAndStatus(alarms));
        assertNull(alarms.get(0).details().get("requestId"), "a connect failure does not answer a disconnect");
    }

    @Test
    void aDuplicateCommandChangesNothingAndIsNoAlarmEvenUnanswered() {
        fleet.feed(request(ELECTRIC, "r-1", DuisService.DISABLE_SUPPLY, at("10:00")),
                response(ELECTRIC, "r-1", "SUCCESS", at("10:00:30")));
        List<Alarm> alarms = new ArrayList<>(fleet.feed(request(ELECTRIC, "r-2", DuisService.DISABLE_SUPPLY,
                at("11:00"))));
        alarms.addAll(fleet.settle(at("12:00")));
        alarms.addAll(fleet.feed(response(ELECTRIC, "r-2", "FAILURE", at("12:30"))));
        // the same command twice before the first is answered: the second is the duplicate
        alarms.addAll(fleet.feed(request(ELECTRIC, "r-3", DuisService.ENABLE_SUPPLY, at("13:00")),
                request(ELECTRIC, "r-4", DuisService.ENABLE_SUPPLY, at("13:00:05")),
                response(ELECTRIC, "r-3", "SUCCESS", at("13:00:30"))));
        alarms.addAll(fleet.settle(at("14:00")));
        assertEquals(List.of(), alarms);
        assertEquals(SwitchPosition.CONNECTED, fleet.state(ELECTRIC.meterId()).control().position());
    }

    @Test
    void aResponseToARequestNeverSeenIsReportedNotDropped() {
        List<Alarm> alarms = fleet.feed(response(ELECTRIC, "r-unknown", "SUCCESS", at("10:00")));
        assertEquals(List.of("UNMATCHED_RESPONSE RAISED"), kindsAndStatus(alarms));
        assertEquals("r-unknown", alarms.get(0).details().get("requestId"));
        assertEquals(List.of(Recipient.supplier("ALFA")), alarms.get(0).recipients());
    }

    @Test
    void theLoadLimiterReconnectingTwiceInADayBreaksOnceADayButOncePerDayDoesNot() {
        List<Alarm> daily = fleet.feed(event(ELECTRIC, "a", "0x8F33", at("10:00")),
                event(ELECTRIC, "b", "0x8F34", at("10:30")),
                event(ELECTRIC, "c", "0x8F33", Instant.parse("2026-11-21T10:40:00Z")),
                event(ELECTRIC, "d", "0x8F34", Instant.parse("2026-11-21T11:10:00Z")));
        assertTrue(daily.stream().noneMatch(a -> a.kind().equals("LIMITER_REPEATED")), daily.toString());
        fleet.reset();
        List<Alarm> twice = fleet.feed(event(ELECTRIC, "a", "0x8F33", at("10:00")),
                event(ELECTRIC, "b", "0x8F34", at("10:30")),
                event(ELECTRIC, "c", "0x8F33", at("18:00")),
                event(ELECTRIC, "d", "0x8F34", at("18:30")));
        List<Alarm> repeated = twice.stream().filter(a -> a.kind().equals("LIMITER_REPEATED")).toList();
        assertEquals(1, repeated.size());
        assertEquals(2, repeated.get(0).details().get("reconnections"));
        assertEquals(at("10:30"), repeated.get(0).startTime());
        assertEquals(at("18:30"), repeated.get(0).time());
        assertEquals(AlarmStatus.RAISED, repeated.get(0).status());
    }

    @Test
    void aDisconnectedMetersDeadReadsAreExpectedAndAfterReconnectionTheyAlarmAgain() {
        List<Alarm> alarms = new ArrayList<>(fleet.feed(request(ELECTRIC, "r-1", DuisService.DISABLE_SUPPLY,
                at("09:00")), response(ELECTRIC, "r-1", "SUCCESS", at("09:00:30"))));
        for (int i = 0; i < 4; i++) {
            alarms.addAll(fleet.feed(read(ELECTRIC, at("10:00").plusSeconds(1800L * i), 0, 0, 0)));
        }
        assertEquals(List.of(), alarms);
        fleet.feed(request(ELECTRIC, "r-2", DuisService.ENABLE_SUPPLY, at("12:00")),
                response(ELECTRIC, "r-2", "SUCCESS", at("12:00:30")));
        List<Alarm> after = fleet.feed(read(ELECTRIC, at("12:00"), 0, 0, 0), read(ELECTRIC, at("12:30"), 0, 0, 0),
                read(ELECTRIC, at("13:00"), 0, 0, 0));
        assertEquals(List.of("EXTREME_VOLTAGE RAISED"), kindsAndStatus(after),
                "a read of an interval that began before supply was enabled is not counted");
    }

    @Test
    void anElectricityMeterThatAnswersARequestHadSupplyThenAndAnUnansweredOneSaysNothing() {
        fleet.feed(event(ELECTRIC, "lost", "0x8F57", at("10:00")));
        fleet.settle(at("10:30"));
        assertTrue(fleet.state(ELECTRIC.meterId()).interruption().confirmed());
        MeterRecord verify = request(ELECTRIC, "v-1", DuisService.READ_SUPPLY_STATUS, at("11:00"));
        fleet.feed(verify, response(ELECTRIC, "v-1", "E21", at("11:00:30")));
        assertTrue(fleet.state(ELECTRIC.meterId()).interruption() != null, "no answer: the meter may still be off");
        fleet.supplyEvents().clear();
        fleet.feed(request(ELECTRIC, "v-2", DuisService.READ_SUPPLY_STATUS, at("11:10")),
                response(ELECTRIC, "v-2", "SUCCESS", at("11:10:20")));
        assertEquals(List.of("RESTORED at 2026-11-20T11:10:20Z by RESPONSE"), fleet.supplyEvents().stream()
                .map(e -> e.change() + " at " + e.time() + " by " + e.evidence()).toList());
        assertNull(MeterState.supplyOf(ELECTRIC.meterId(), fleet.state(ELECTRIC.meterId()), at("11:10:20"))
                .supplyLostSince(), "the meter is energised again");

        fleet.feed(event(GAS, "gas-lost", "0x8F57", at("12:00")));
        fleet.settle(at("12:30"));
        Interruption gasOff = fleet.state(GAS.meterId()).interruption();
        assertEquals(at("12:00"), gasOff.start());
        fleet.feed(request(GAS, "v-3", DuisService.READ_SUPPLY_STATUS, at("12:40")),
                response(GAS, "v-3", "SUCCESS", at("12:40:10")));
        assertEquals(gasOff, fleet.state(GAS.meterId()).interruption(),
                "a gas meter answers on its battery: its answer proves nothing about supply");
    }
}
