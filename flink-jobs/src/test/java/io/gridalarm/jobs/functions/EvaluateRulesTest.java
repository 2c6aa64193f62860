package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.GAS_METER;
import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static io.gridalarm.jobs.Fixtures.event;
import static io.gridalarm.jobs.Fixtures.millis;
import static io.gridalarm.jobs.Fixtures.read;
import static io.gridalarm.jobs.Fixtures.request;
import static io.gridalarm.jobs.Fixtures.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.LiveClocks;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.Json;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.SupplyState;
import io.gridalarm.model.SwitchPosition;
import io.gridalarm.rules.OutageRollUp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The rule operator: state kept between records, emitted once an instant is complete, and cleaned up. */
class EvaluateRulesTest {

    private static KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> harness() throws Exception {
        return harness(RuleEngine.DROOLS);
    }

    /**
     * Keyed state entries left in the operator beyond each location's part of the registry, which stays as long as
     * its meters do.
     */
    private static int stateEntries(KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h)
            throws Exception {
        return Fixtures.stateEntries(h) - Fixtures.registryStateEntries();
    }

    private static KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> harness(RuleEngine engine)
            throws Exception {
        return Fixtures.evaluateRules(engine, true);
    }

    private static void feed(KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h,
                             MeterRecord... records) throws Exception {
        for (MeterRecord record : records) {
            h.processElement(record, millis(record));
        }
    }

    @Test
    void anExcursionIsRaisedAndClearedAndLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            feed(h, read("2026-11-20T10:00:00Z", 258), read("2026-11-20T10:30:00Z", 259));
            assertTrue(h.extractOutputValues().isEmpty(), "the second read's instant is not complete yet");
            assertEquals(1, h.numEventTimeTimers());
            h.watermark(millis(read("2026-11-20T10:30:00Z", 0)));
            assertEquals(List.of(), h.extractOutputValues(), "the raise waits until the location's reads have passed "
                    + "its interval: the neighbours' reads of that interval may still come, and be out of range too");
            assertTrue(stateEntries(h) > 0, "the open alarm must be kept");

            feed(h, read("2026-11-20T11:00:00Z", 240));
            h.watermark(Long.MAX_VALUE);
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of(AlarmStatus.RAISED, AlarmStatus.CLEARED), alarms.stream().map(Alarm::status).toList());
            assertEquals(alarms.get(0).alarmId(), alarms.get(1).alarmId());
            assertEquals(4, stateEntries(h), "only the meter's read clock, the location's read instant (and its "
                    + "interval) and its next silence check remain (comms-loss detection); the voltage state must be "
                    + "gone once the alarm is cleared");
            assertEquals(0, h.numEventTimeTimers(), "no timer may be left behind");
        }
    }

    @Test
    void recordsAtTheSameInstantGiveTheSameAlarmsInEitherArrivalOrder() throws Exception {
        MeterRecord raise = event("a-raise", "0x8003", "2026-11-20T10:00:00Z");
        MeterRecord clear = event("b-clear", "0x8085", "2026-11-20T10:00:00Z");
        List<String> forward;
        List<String> backward;
        try (var h = harness()) {
            feed(h, raise, clear);
            h.watermark(Long.MAX_VALUE);
            forward = h.extractOutputValues().stream().map(Json::line).toList();
        }
        try (var h = harness()) {
            feed(h, clear, raise);
            h.watermark(Long.MAX_VALUE);
            backward = h.extractOutputValues().stream().map(Json::line).toList();
        }
        assertEquals(2, forward.size(), "raised, then cleared by the back-to-normal alert");
        assertEquals(forward, backward);
    }

    /** Tells the location that METER changes from ALFA to CHRL at 11:00. */
    private static void changeSupplierAt11(
            KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h) throws Exception {
        RegistryRow changedSupplier = new RegistryRow(METER.meterId(), METER.fuel(), METER.feederId(),
                METER.substationId(), METER.networkOperator(), "CHRL", Fixtures.T11_00);
        h.processElement(MeterRecord.registry(changedSupplier, new MeterHistory(METER.meterId(),
                List.of(METER, changedSupplier))), MeterRecord.REGISTRY_TIME.toEpochMilli());
    }

    @Test
    void eachRecipientIsJudgedByTheLocationsRegistryAtTheAlarmsTimeNotByTheRecordsOwnRow() throws Exception {
        try (var h = harness()) {
            changeSupplierAt11(h);
            // The record still carries the morning's row (stale, or forged): its alarm is addressed to ALFA, whom
            // the location's registry no longer names at noon.
            feed(h, event("t1", "0x8F3F", "2026-11-20T10:00:00Z"), event("t2", "0x8F3F", "2026-11-20T12:00:00Z"));
            h.watermark(Long.MAX_VALUE);
            List<String> routed = h.getSideOutput(EvaluateRules.ROUTED).stream().map(r -> r.getValue().bucket()
                    + " " + r.getValue().tag()).toList();
            assertEquals(List.of("supplier/ALFA TAMPER", "audit DELIVERED", "audit REMOVED"), routed);
            assertEquals(2, h.extractOutputValues().size(), "both alarms were made; only one was delivered");
        }
    }

    @Test
    void aMeterRemovedFromTheRegistryTakesItsInterruptionAndOutageHistoryWithIt() throws Exception {
        try (var h = Fixtures.evaluateRules(RuleEngine.DROOLS, false)) {
            MeterRecord off = event("off", "AD1", "2026-11-20T10:00:00Z");
            h.processElement(off, millis(off));
            h.watermark(millis(off));
            for (String state : List.of("meter-states", "supply-history")) {
                assertEquals(1, Fixtures.stateKeys(h, state), state + " holds the meter's interruption");
            }
            h.processElement(MeterRecord.registry(METER, MeterHistory.removed(METER.meterId())),
                    MeterRecord.REGISTRY_TIME.toEpochMilli());
            for (String state : List.of("meter-states", "supply-history")) {
                assertEquals(0, Fixtures.stateKeys(h, state), state + ": the meter's interruption went with it");
            }
        }
    }

    @Test
    void aRecordDeliveredTwiceAtOneInstantIsEvaluatedOnce() throws Exception {
        try (var h = harness()) {
            MeterRecord safety = event("e1", "0x81B8", "2026-11-20T10:00:00Z");
            feed(h, safety, safety);
            h.watermark(Long.MAX_VALUE);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(0, stateEntries(h));
        }
    }

    @Test
    void theHandCodedEngineGivesTheSameAlarmsInTheOperator() throws Exception {
        MeterRecord[] records = {read("2026-11-20T10:00:00Z", 210), read("2026-11-20T10:30:00Z", 211),
            event("e1", "0x8F74", "2026-11-20T10:40:00Z"), read("2026-11-20T11:00:00Z", 230)};
        List<String> drools;
        try (var h = harness()) {
            feed(h, records);
            h.watermark(Long.MAX_VALUE);
            drools = h.extractOutputValues().stream().map(Json::line).toList();
        }
        try (var h = harness(RuleEngine.HAND_CODED)) {
            feed(h, records);
            h.watermark(Long.MAX_VALUE);
            assertEquals(drools, h.extractOutputValues().stream().map(Json::line).toList());
        }
        assertEquals(3, drools.size());
    }

    private static MeterRecord neighbourRead(String start) {
        return Fixtures.read(Fixtures.NEIGHBOUR, Instant.parse(start), 240.0);
    }

    @Test
    void aLaterRecordOfAnotherMeterAtTheLocationSettlesAConfirmationDelay() throws Exception {
        try (var h = harness()) {
            feed(h, event("loss", "0x8F57", "2026-11-20T10:00:00Z"), neighbourRead("2026-11-20T10:00:00Z"),
                    neighbourRead("2026-11-20T10:30:00Z"));
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(1, alarms.size(), "confirmed by the neighbour's 10:30 read; nothing else yet");
            assertEquals("OUTAGE", alarms.get(0).kind());
            assertEquals(Instant.parse("2026-11-20T10:03:00Z"), alarms.get(0).time());
        }
    }

    @Test
    void inAStreamTheWatermarkConfirmsAndRestorationLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            MeterRecord loss = event("loss", "0x8F57", "2026-11-20T10:00:00Z");
            feed(h, loss);
            h.watermark(millis(loss) + Duration.ofMinutes(4).toMillis());
            assertTrue(h.extractOutputValues().isEmpty(), "confirmed at 10:03, held for its neighbours until 10:05");
            h.watermark(millis(loss) + Duration.ofMinutes(6).toMillis());
            assertEquals(List.of(AlarmStatus.RAISED), h.extractOutputValues().stream().map(Alarm::status).toList());
            feed(h, event("back", "0x8F36", "2026-11-20T10:20:00Z"));
            h.watermark(Long.MAX_VALUE);
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of(AlarmStatus.RAISED, AlarmStatus.CLEARED), alarms.stream().map(Alarm::status).toList());
            assertEquals(20.0, alarms.get(1).details().get("customerMinutesLost"));
            assertEquals(0, stateEntries(h), "state must be gone once supply is back");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void onAStreamACommandWithoutOutcomeIsUnconfirmedJustAfterItsLimitAndItsLateOutcomeLeavesNoStateOrTimers()
            throws Exception {
        try (var h = harness()) {
            MeterRecord status = request(METER, "r-1", DuisService.READ_SUPPLY_STATUS, "2026-11-20T10:00:00Z");
            feed(h, status);
            h.watermark(millis(status) + Duration.ofMinutes(1).toMillis());
            assertEquals(List.of(), h.extractOutputValues(), "an outcome may still come at the very limit");
            assertEquals(1, h.numEventTimeTimers(), "one timer: the command's deadline");
            h.watermark(millis(status) + Duration.ofMinutes(1).toMillis() + 1);
            assertEquals(List.of("COMMAND_UNCONFIRMED RAISED"), h.extractOutputValues().stream()
                    .map(a -> a.kind() + " " + a.status()).toList());
            assertEquals(1, h.numEventTimeTimers(), "the command waits for a late outcome");

            feed(h, response(METER, "r-1", "SUCCESS", "2026-11-20T10:04:00Z"));
            h.watermark(Instant.parse("2026-11-20T10:04:00Z").toEpochMilli());
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of("COMMAND_UNCONFIRMED RAISED", "COMMAND_UNCONFIRMED CLEARED"), alarms.stream()
                    .map(a -> a.kind() + " " + a.status()).toList());
            assertEquals("r-1", alarms.get(1).details().get("requestId"));
            assertEquals(0, stateEntries(h), "nothing pending, no switch position: no state, no deadline");
            // the Flink timer of the forgotten wait stays until its time, then finds nothing to do
            h.watermark(Long.MAX_VALUE);
            assertEquals(2, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void onAStreamADisconnectAnsweredInTimeKeepsOnlyItsSwitchPositionAndItsDeadlineIsGone() throws Exception {
        try (var h = harness()) {
            feed(h, request(METER, "r-1", DuisService.DISABLE_SUPPLY, "2026-11-20T10:00:00Z"),
                    response(METER, "r-1", "SUCCESS", "2026-11-20T10:00:30Z"));
            h.watermark(Instant.parse("2026-11-20T10:00:30Z").toEpochMilli());
            assertEquals(List.of(), h.extractOutputValues());
            assertEquals(2, stateEntries(h), "the meter's state holds its switch position and the location its "
                    + "recent switch (for the switching risk, until its window has passed); no deadline is queued");
            h.watermark(Long.MAX_VALUE);
            assertEquals(List.of(), h.extractOutputValues());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aMetersSupplyStateGoesToItsPartiesThenWhenItChangesAndNotForADuplicateCommand() throws Exception {
        try (var h = harness()) {
            changeSupplierAt11(h);
            feed(h, request(METER, "r-1", DuisService.DISABLE_SUPPLY, "2026-11-20T10:00:00Z"),
                    response(METER, "r-1", "SUCCESS", "2026-11-20T10:00:30Z"),
                    request(METER, "r-2", DuisService.DISABLE_SUPPLY, "2026-11-20T10:05:00Z"),
                    response(METER, "r-2", "SUCCESS", "2026-11-20T10:05:20Z"),
                    request(METER, "r-3", DuisService.ENABLE_SUPPLY, "2026-11-20T11:30:00Z"),
                    response(METER, "r-3", "SUCCESS", "2026-11-20T11:30:40Z"));
            h.watermark(Long.MAX_VALUE);
            List<String> lines = h.getSideOutput(EvaluateRules.SUPPLY_STATE).stream().map(r -> r.getValue().bucket()
                    + " " + r.getValue().key() + " " + r.getValue().tag()).toList();
            assertEquals(List.of(
                    "supply-state/supplier/ALFA " + METER.meterId() + " DE-ENERGISED",
                    "supply-state/network-operator/12 " + METER.meterId() + " DE-ENERGISED",
                    "supply-state/supplier/ALFA " + METER.meterId() + " WITHDRAWN",
                    "supply-state/supplier/CHRL " + METER.meterId() + " DE-ENERGISED",
                    "supply-state/supplier/CHRL " + METER.meterId() + " ENERGISED",
                    "supply-state/network-operator/12 " + METER.meterId() + " ENERGISED"), lines,
                    "the disconnection to the supplier of the morning, the duplicate to no one; at the change of "
                            + "supplier the meter withdrawn from the old one and its state sent to the new one; the "
                            + "reconnection to the new one");
            assertEquals(Fixtures.T11_00, Json.mapper().readValue(h.getSideOutput(EvaluateRules.SUPPLY_STATE)
                    .stream().toList().get(3).getValue().text(), SupplyState.class).time());
            assertEquals(0, h.numEventTimeTimers(), "no change of supplier left to wait for");
            SupplyState off = Json.mapper().readValue(h.getSideOutput(EvaluateRules.SUPPLY_STATE).peek().getValue()
                    .text(), SupplyState.class);
            assertEquals(SupplyState.of(METER.meterId(), Instant.parse("2026-11-20T10:00:30Z"),
                    SwitchPosition.DISCONNECTED, Instant.parse("2026-11-20T10:00:30Z"), null), off);
        }
    }

    @Test
    void aShortInterruptionRaisesNothingAndLeavesNothing() throws Exception {
        try (var h = harness()) {
            feed(h, event("loss", "0x8F57", "2026-11-20T10:00:00Z"), event("back", "0x8F35", "2026-11-20T10:01:00Z"));
            h.watermark(Long.MAX_VALUE);
            assertTrue(h.extractOutputValues().isEmpty());
            assertEquals(0, stateEntries(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void atTheEndOfASortedInputTheLastInstantIsEvaluatedBeforeDeadlinesUpToTheEndAreSettled() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(ControlMessage.inputEnd(Instant.parse("2026-11-20T12:00:00Z").toEpochMilli()), 0);
            // An outage whose deadlines were settled by later records leaves timers older than the last instant.
            feed(h, event("loss", "0x8F57", "2026-11-20T09:00:00Z"), event("back", "0x8F35", "2026-11-20T09:30:00Z"),
                    event("loss-again", "0x8F57", "2026-11-20T11:00:00Z"),
                    event("back-again", "0x8F35", "2026-11-20T11:01:00Z"));
            h.watermark(Long.MAX_VALUE);
            assertEquals(List.of("OUTAGE:RAISED", "OUTAGE:CLEARED"), kindsAndStatus(h),
                    "back a minute after 11:00, before its 11:03 confirmation: a short interruption, no alarm");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    private static List<String> summary(List<Alarm> alarms) {
        return alarms.stream().map(a -> a.scope().level() + "/" + a.scope().id() + ":" + a.status() + ":"
                + a.meterCount()).toList();
    }

    @Test
    void aFeederWhoseMetersFailTogetherIsOneOutageClearedWithItsCustomerMinutes() throws Exception {
        try (var h = harness()) {
            for (int i = 1; i <= 4; i++) {
                feed(h, Fixtures.event(Fixtures.onFeeder("F2", i), "l" + i, "0x8F57",
                        "2026-11-20T10:00:0" + i + "Z"));
            }
            h.watermark(Instant.parse("2026-11-20T10:30:00Z").toEpochMilli());
            assertEquals(List.of("FEEDER/F2:RAISED:4"), summary(h.extractOutputValues()));
            feed(h, Fixtures.event(Fixtures.onFeeder("F2", 5), "l5", "0x8F57", "2026-11-20T10:31:00Z"));
            h.watermark(Instant.parse("2026-11-20T10:40:00Z").toEpochMilli());
            for (int i = 1; i <= 5; i++) {
                feed(h, Fixtures.event(Fixtures.onFeeder("F2", i), "r" + i, "0x8F36", "2026-11-20T11:00:00Z"));
            }
            h.watermark(Long.MAX_VALUE);
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of("FEEDER/F2:RAISED:4", "FEEDER/F2:UPDATED:5", "FEEDER/F2:CLEARED:5"), summary(alarms));
            Alarm cleared = alarms.get(2);
            assertEquals(alarms.get(0).alarmId(), cleared.alarmId());
            assertEquals(5, cleared.details().get("customersInterrupted"));
            // Four meters off from 10:00:01-04 to 11:00, one from 10:31: to the second, not floored per meter.
            long seconds = (3599 + 3598 + 3597 + 3596) + 29 * 60;
            assertEquals(seconds, cleared.details().get("customerSecondsLost"));
            assertEquals(268.83, cleared.details().get("customerMinutesLost"));
            assertEquals(0, stateEntries(h), "state must be gone once the feeder is back");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void twoFeedersOffTogetherAreOneSubstationOutage() throws Exception {
        try (var h = harness()) {
            for (int i = 1; i <= 3; i++) {
                feed(h, Fixtures.event(Fixtures.onFeeder("F1", i), "a" + i, "0x8F57", "2026-11-20T10:00:0" + i + "Z"));
                feed(h, Fixtures.event(Fixtures.onFeeder("F2", i), "b" + i, "0x8F57", "2026-11-20T10:00:1" + i + "Z"));
            }
            h.watermark(Instant.parse("2026-11-20T10:30:00Z").toEpochMilli());
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of("SUBSTATION/S1:RAISED:6"), summary(alarms));
            assertEquals("CRITICAL", alarms.get(0).severity().name());
        }
    }

    /** Five meters of feeder F2 lose supply at 10:00; three send a restore alert at 11:00, two never do. */
    /** What the location keeps of its reads after late reads (as after one: per location, not per meter). */
    private static final int STATE_AFTER_TWO_LATE_READS = 3;

    private static void feederOfFiveWithThreeBack(
            KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h) throws Exception {
        for (int i = 1; i <= 5; i++) {
            feed(h, Fixtures.event(Fixtures.onFeeder("F2", i), "l" + i, "0x8F57", "2026-11-20T10:00:0" + i + "Z"));
        }
        for (int i = 1; i <= 3; i++) {
            feed(h, Fixtures.event(Fixtures.onFeeder("F2", i), "r" + i, "0x8F36", "2026-11-20T11:00:00Z"));
        }
    }

    @Test
    void aFeederBackButForTwoMetersClearsWithoutThemAndTheyAreOneNestedOutageOfTheirLvFeederAnHourLater()
            throws Exception {
        try (var h = harness()) {
            feederOfFiveWithThreeBack(h);
            h.watermark(Instant.parse("2026-11-20T12:30:00Z").toEpochMilli());
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of("FEEDER/F2:RAISED:5", "FEEDER/F2:CLEARED:3", "FEEDER/F2:RAISED:2"),
                    summary(alarms), "three back and the two still off alone on their mostly-back LV feeder: the "
                            + "feeder is back; the two are one nested outage of their LV feeder an hour later");
            Alarm groupCleared = alarms.get(1);
            Alarm nested = alarms.get(2);
            assertEquals("NESTED_OUTAGE", nested.kind());
            assertEquals(List.of(Fixtures.onFeeder("F2", 4).meterId(), Fixtures.onFeeder("F2", 5).meterId()),
                    nested.meterIds());
            assertEquals(nested.meterIds(), groupCleared.details().get("notConfirmedBack"));
            assertEquals(groupCleared.alarmId(), nested.details().get("parentAlarmId"));
            assertEquals(3, groupCleared.details().get("customersInterrupted"));
            assertEquals(Instant.parse("2026-11-20T11:02:00Z"), groupCleared.time(),
                    "cleared a grouping window after its meters came back, not an hour after");
            assertEquals("2026-11-20T11:00:00Z", groupCleared.details().get("endTime"));
            assertEquals(59L, groupCleared.details().get("durationMinutes"));
            assertEquals(Instant.parse("2026-11-20T12:00:00Z"), nested.time(), "an hour after the feeder's end");
            assertEquals(2, h.getSideOutput(EvaluateRules.STATUS_READS).size(), "its meters' supply status is read");

            feed(h, Fixtures.event(Fixtures.onFeeder("F2", 4), "r4", "0x8F36", "2026-11-20T13:00:00Z"));
            assertEquals(3, h.extractOutputValues().size(), "one of the two back: the nested outage stays open");
            feed(h, Fixtures.event(Fixtures.onFeeder("F2", 5), "r5", "0x8F36", "2026-11-20T13:30:00Z"));
            h.watermark(Long.MAX_VALUE);
            alarms = h.extractOutputValues();
            assertEquals(4, alarms.size(), summary(alarms).toString());
            Alarm nestedCleared = alarms.get(3);
            assertEquals("NESTED_OUTAGE:CLEARED", nestedCleared.kind() + ":" + nestedCleared.status());
            assertEquals(2, nestedCleared.details().get("customersInterrupted"));
            assertEquals(10796L + 12595L, nestedCleared.details().get("customerSecondsLost"),
                    "10:00:04 to 13:00 and 10:00:05 to 13:30");
            assertEquals("2026-11-20T13:30:00Z", nestedCleared.details().get("endTime"));
            assertEquals(0, stateEntries(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void metersBackAfterTheirFeederClearedButBeforeTheNestedDelayAreANestedOutageRaisedAndClearedAtOnce()
            throws Exception {
        try (var h = harness()) {
            feederOfFiveWithThreeBack(h);
            h.watermark(Instant.parse("2026-11-20T11:10:00Z").toEpochMilli());
            assertEquals(List.of("FEEDER/F2:RAISED:5", "FEEDER/F2:CLEARED:3"), summary(h.extractOutputValues()));
            feed(h, Fixtures.event(Fixtures.onFeeder("F2", 4), "r4", "0x8F36", "2026-11-20T11:20:00Z"),
                    Fixtures.event(Fixtures.onFeeder("F2", 5), "r5", "0x8F36", "2026-11-20T11:40:00Z"));
            h.watermark(Long.MAX_VALUE);
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of("FEEDER/F2:RAISED:5", "FEEDER/F2:CLEARED:3", "FEEDER/F2:RAISED:2",
                    "FEEDER/F2:CLEARED:2"), summary(alarms), "their minutes after the feeder's end are counted");
            Alarm nestedCleared = alarms.get(3);
            assertEquals("NESTED_OUTAGE", nestedCleared.kind());
            assertEquals(Instant.parse("2026-11-20T11:40:00Z"), alarms.get(2).time(), "raised when it is over");
            assertEquals(4796L + 5995L, nestedCleared.details().get("customerSecondsLost"),
                    "10:00:04 to 11:20 and 10:00:05 to 11:40");
            assertEquals("2026-11-20T11:40:00Z", nestedCleared.details().get("endTime"));
            assertEquals("2026-11-20T12:00:00Z", nestedCleared.details().get(OutageRollUp.BACK_BEFORE),
                    "back before it was due (an hour after the feeder's end)");
            var statusReads = h.getSideOutput(EvaluateRules.STATUS_READS);
            assertTrue(statusReads == null || statusReads.isEmpty(), "nothing to verify: they are back");
            assertEquals(0, stateEntries(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void lateReadsThatProveSupplyBackCloseANestedOutageAtTheReadsTimeAsACorrectionAndLeaveNoTimers()
            throws Exception {
        try (var h = streamHarness()) {
            feederOfFiveWithThreeBack(h);
            h.watermark(Instant.parse("2026-11-20T12:30:00Z").toEpochMilli());
            assertEquals(1, h.extractOutputValues().stream().filter(a -> a.kind().equals("NESTED_OUTAGE")).count(),
                    "meters 4 and 5 are judged nested at noon: no restore alert came from them");

            // The next morning, their reads arrive: both measured from 11:00, so their supply was back then.
            feed(h, readOf(Fixtures.onFeeder("F2", 4), "2026-11-20T11:00:00Z"));
            assertEquals(0, h.extractOutputValues().stream().filter(a -> a.status() == AlarmStatus.CLEARED
                    && a.kind().equals("NESTED_OUTAGE")).count(), "meter 5 is not known back yet");
            feed(h, readOf(Fixtures.onFeeder("F2", 5), "2026-11-20T11:00:00Z"));
            List<Alarm> alarms = h.extractOutputValues();
            Alarm corrected = alarms.get(alarms.size() - 1);
            assertEquals("NESTED_OUTAGE:CLEARED", corrected.kind() + ":" + corrected.status());
            assertEquals(Instant.parse("2026-11-20T11:00:00Z"), corrected.time(), "closed at the reads' own time");
            assertEquals("2026-11-20T11:00:00Z", corrected.details().get("endTime"));
            assertEquals(3596L + 3595L, corrected.details().get("customerSecondsLost"), "10:00:04 and 10:00:05 to 11:00");
            assertEquals(OutageRollUp.CORRECTED_BY_LATE_READ.getValue(),
                    corrected.details().get(OutageRollUp.CORRECTED_BY_LATE_READ.getKey()));
            assertEquals("2026-11-20T12:00:00Z", corrected.details().get("judgedAt"));
            assertEquals(1, alarms.stream().filter(a -> a.alarmId().equals(corrected.alarmId())
                    && a.status() == AlarmStatus.CLEARED).count(), "corrected once, never duplicated");

            h.watermark(Long.MAX_VALUE);
            assertEquals(0, h.numEventTimeTimers(), "the outage history forgot the outages: no timer is left");
            assertEquals(STATE_AFTER_TWO_LATE_READS, stateEntries(h), "only the location's reads bookkeeping "
                    + "remains");
        }
    }

    private static MeterRecord readOf(RegistryRow meter, String start) {
        return MeterRecord.of(new IntervalRead(meter.meterId(), null, Instant.parse(start),
                30, 0.2, 0.0, 238.0, 240.0, 242.0), meter);
    }

    private static final RegistryRow SILENT = Fixtures.onFeeder("F1", 1);
    private static final RegistryRow OFF_SUPPLY = Fixtures.onFeeder("F1", 2);

    /**
     * A feeder's morning in time order: one meter's reads stop at 10:30 (a comms fault), another's because it is off
     * supply from 10:40 to 11:45 (its alerts say so), a neighbour's go on.
     */
    private static List<MeterRecord> aSilentMeterAndAnOutage() {
        List<MeterRecord> records = new ArrayList<>(List.of(readOf(SILENT, "2026-11-20T10:00:00Z"),
                readOf(OFF_SUPPLY, "2026-11-20T10:00:00Z"),
                Fixtures.event(OFF_SUPPLY, "loss", "0x8F57", "2026-11-20T10:40:00Z")));
        for (int half = 0; half < 8; half++) {
            Instant start = Instant.parse("2026-11-20T10:00:00Z").plusSeconds(1800L * half);
            records.add(neighbourRead(start.toString()));
            if (half == 3) {
                records.add(Fixtures.event(OFF_SUPPLY, "back", "0x8F36", "2026-11-20T11:45:00Z"));
            }
            if (half >= 5) {
                // Back on supply, its reads resume; its silence counts from 11:45, not from its last read.
                records.add(readOf(OFF_SUPPLY, start.toString()));
            }
        }
        records.add(readOf(SILENT, "2026-11-20T14:00:00Z"));
        return records;
    }

    @Test
    void aMeterWhoseReadsStopIsACommsLossUnlessAnOutageExplainsIt() throws Exception {
        try (var h = harness()) {
            feed(h, aSilentMeterAndAnOutage().toArray(MeterRecord[]::new));
            h.watermark(Long.MAX_VALUE);
            List<Alarm> alarms = h.extractOutputValues();
            List<String> commsLoss = alarms.stream().filter(a -> a.kind().equals("COMMS_LOSS"))
                    .map(a -> a.meterIds().get(0) + ":" + a.status()).toList();
            assertEquals(List.of(SILENT.meterId() + ":RAISED", SILENT.meterId() + ":CLEARED"), commsLoss,
                    "the meter off supply is explained by its outage; the other one is silent");
            Alarm raised = alarms.stream().filter(a -> a.kind().equals("COMMS_LOSS")).findFirst().orElseThrow();
            assertEquals(Instant.parse("2026-11-20T10:30:00Z"), raised.startTime());
            assertEquals(List.of(Recipient.supplier("ALFA")), raised.recipients());
        }
    }

    @Test
    void onAStreamCatchingUpReadsThatComeBeforeTheAlertsOfTheirTimeWaitForThemAndJudgeAsTheReplayDoes()
            throws Exception {
        List<MeterRecord> morning = aSilentMeterAndAnOutage();
        List<String> replayed;
        try (var h = harness()) {
            feed(h, morning.toArray(MeterRecord[]::new));
            h.watermark(Long.MAX_VALUE);
            replayed = h.extractOutputValues().stream().map(EvaluateRulesTest::described).toList();
        }
        try (var h = streamHarness()) {
            // Back after a long stop: the reads' backlog comes first, as fast as it is read; then the alerts'
            // backlog, the alerts' clock moving on with it.
            feed(h, morning.stream().filter(record -> !record.onAlertsClock()).toArray(MeterRecord[]::new));
            assertEquals(List.of(), h.extractOutputValues(), "no read is judged ahead of the alerts' clock");
            for (MeterRecord alert : morning.stream().filter(MeterRecord::onAlertsClock).toList()) {
                feed(h, alert);
                h.watermark(millis(alert));
            }
            h.watermark(Long.MAX_VALUE);
            assertEquals(replayed, h.extractOutputValues().stream().map(EvaluateRulesTest::described).toList(),
                    "no comms loss for the meter off supply: its outage was known before its reads were judged");
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numProcessingTimeTimers(), "the location stopped looking at held reads");
        }
    }

    private static String described(Alarm alarm) {
        return alarm.kind() + ":" + alarm.status() + ":" + alarm.meterIds() + "@" + alarm.time();
    }

    private static MeterRecord gasRead(String start) {
        return MeterRecord.of(new IntervalRead(GAS_METER.meterId(), null, Instant.parse(start), 30, 0.4, null, null,
                null, null), GAS_METER);
    }

    private static List<String> commsLoss(List<Alarm> alarms) {
        return alarms.stream().filter(a -> a.kind().equals("COMMS_LOSS"))
                .map(a -> a.status() + "@" + (a.status() == AlarmStatus.RAISED ? a.startTime() : a.time())).toList();
    }

    @Test
    void onAStreamAGasMeterAloneInItsLocationIsACommsLossWhenTheFleetsReadsMoveOnWithoutIt() throws Exception {
        try (var h = streamHarness()) {
            h.watermark(millis(gasRead("2026-11-21T09:00:00Z")));
            feed(h, gasRead("2026-11-20T10:00:00Z"), gasRead("2026-11-20T10:30:00Z"));
            h.processElement(MeterRecord.readsThrough(GAS_METER, Instant.parse("2026-11-20T13:00:00Z")), 0);
            assertEquals(List.of("RAISED@2026-11-20T11:00:00Z"), commsLoss(h.extractOutputValues()),
                    "four intervals after its last read ended, with no neighbour to show it");
            h.processElement(MeterRecord.readsThrough(GAS_METER, Instant.parse("2026-11-20T13:30:00Z")), 0);
            assertEquals(1, commsLoss(h.extractOutputValues()).size(), "raised once");
            feed(h, gasRead("2026-11-20T14:00:00Z"));
            assertEquals(List.of("RAISED@2026-11-20T11:00:00Z", "CLEARED@2026-11-20T14:30:00Z"),
                    commsLoss(h.extractOutputValues()));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void inAReplayAGapInALoneMetersReadsIsACommsLossAndTheEndOfTheReadsIsNot() throws Exception {
        MeterRecord[] reads = {gasRead("2026-11-20T10:00:00Z"), gasRead("2026-11-20T10:30:00Z"),
            gasRead("2026-11-20T15:00:00Z"), gasRead("2026-11-20T17:00:00Z")};
        try (var h = harness()) {
            h.processBroadcastElement(ControlMessage.readsEnd(Instant.parse("2026-11-20T19:00:00Z").toEpochMilli()), 0);
            feed(h, reads);
            h.watermark(Long.MAX_VALUE);
            assertEquals(List.of("RAISED@2026-11-20T11:00:00Z", "CLEARED@2026-11-20T15:30:00Z"),
                    commsLoss(h.extractOutputValues()), "the fleet's reads went on to 19:00: its last read is "
                            + "only three intervals behind them");
        }
        try (var h = harness()) {
            h.processBroadcastElement(ControlMessage.readsEnd(Instant.parse("2026-11-20T19:30:00Z").toEpochMilli()), 0);
            feed(h, reads);
            h.watermark(Long.MAX_VALUE);
            assertEquals(List.of("RAISED@2026-11-20T11:00:00Z", "CLEARED@2026-11-20T15:30:00Z",
                    "RAISED@2026-11-20T17:30:00Z"), commsLoss(h.extractOutputValues()),
                    "four intervals behind the fleet's reads: silent again");
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> streamHarness()
            throws Exception {
        return Fixtures.evaluateRules(RuleEngine.DROOLS, false);
    }

    @Test
    void onAStreamAlertsOutOfOrderWithinTheWatermarkAreEvaluatedInTimeOrderAndLeaveNoState() throws Exception {
        MeterRecord high = event("high", "0x8002", "2026-11-20T10:00:00Z");
        MeterRecord normal = event("normal", "0x8085", "2026-11-20T10:30:00Z");
        List<String> sorted;
        try (var h = streamHarness()) {
            feed(h, high, normal);
            h.watermark(Long.MAX_VALUE);
            sorted = h.extractOutputValues().stream().map(Json::line).toList();
        }
        assertEquals(2, sorted.size(), "raised, then cleared");
        try (var h = streamHarness()) {
            feed(h, normal, high);
            assertTrue(h.extractOutputValues().isEmpty(), "nothing is evaluated before the watermark passes");
            assertEquals(2, h.numEventTimeTimers(), "one timer per instant waiting for the watermark");
            h.watermark(millis(normal));
            assertEquals(sorted, h.extractOutputValues().stream().map(Json::line).toList(),
                    "the same alarms as alerts arriving in order");
            h.watermark(Long.MAX_VALUE);
            assertEquals(0, stateEntries(h), "no alert waits for the watermark any more");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void onAStreamReadsAheadOfTheAlertsClockWaitForItUntilItHasStoodStillForTheIdleTime() throws Exception {
        try (var h = streamHarness()) {
            feed(h, read("2026-11-20T10:00:00Z", 258), read("2026-11-20T10:30:00Z", 259));
            feed(h, MeterRecord.readsThrough(Fixtures.METER, Instant.parse("2026-11-20T11:00:00Z")));
            feed(h, read("2026-11-20T11:00:00Z", 259));
            assertEquals(List.of(), h.extractOutputValues(), "the alerts of their time may yet come");
            h.watermark(millis(read("2026-11-20T10:45:00Z", 0)));
            assertEquals(List.of(), h.extractOutputValues(), "the reads the alerts' clock passed went; the "
                    + "excursion needs the location's next read");
            h.setProcessingTime(LiveClocks.DEFAULT.idleAfter().toMillis() - 1);
            assertEquals(List.of(), h.extractOutputValues());
            h.setProcessingTime(LiveClocks.DEFAULT.idleAfter().toMillis());
            assertEquals(List.of("EXTREME_VOLTAGE:RAISED"), kindsAndStatus(h), "the alerts' clock stood still for "
                    + "the idle time (every alert had come, or their feed is down): the reads go");
            feed(h, read("2026-11-20T11:30:00Z", 240), read("2026-11-20T12:00:00Z", 240));
            assertEquals(List.of("EXTREME_VOLTAGE:RAISED", "EXTREME_VOLTAGE:CLEARED"), kindsAndStatus(h),
                    "while the clock stands still, reads go as they come");
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numProcessingTimeTimers());
        }
    }

    @Test
    void onAStreamARecordBehindTheWatermarkIsEvaluatedAtOnce() throws Exception {
        try (var h = streamHarness()) {
            h.watermark(millis(read("2026-11-20T12:00:00Z", 0)));
            feed(h, event("late-tamper", "0x8F3F", "2026-11-20T10:00:00Z"));
            assertEquals(List.of("TAMPER"), h.extractOutputValues().stream().map(Alarm::kind).toList(),
                    "a late record is not dropped");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void onAStreamAnAlertBehindTheWatermarkWhileANightsBatchOfReadsFlowsIsEvaluatedAtOnceBetweenTheReads()
            throws Exception {
        try (var h = streamHarness()) {
            h.watermark(millis(read("2026-11-21T09:00:00Z", 0)));
            feed(h, read("2026-11-20T10:00:00Z", 258), read("2026-11-20T10:30:00Z", 259),
                    read("2026-11-20T11:00:00Z", 259));
            assertEquals(List.of("EXTREME_VOLTAGE:RAISED"), kindsAndStatus(h), "yesterday's reads go as they come");
            feed(h, event("late-tamper", "0x8F3F", "2026-11-21T08:00:00Z"));
            assertEquals(List.of("EXTREME_VOLTAGE:RAISED", "TAMPER:RAISED"), kindsAndStatus(h),
                    "an alert an hour behind the alerts' clock is not held behind the batch");
            feed(h, read("2026-11-20T11:30:00Z", 240), read("2026-11-20T12:00:00Z", 240));
            assertEquals(List.of("EXTREME_VOLTAGE:RAISED", "TAMPER:RAISED", "EXTREME_VOLTAGE:CLEARED"),
                    kindsAndStatus(h), "the batch goes on where it was");
            assertEquals(0, h.numEventTimeTimers(), "nothing waits for the alerts' clock");
        }
    }

    /** Reads of every meter of LV feeder F2 (five meters) for the intervals from 10:00, by meter as a batch file. */
    private static List<MeterRecord> feederReads(int intervals, double volts) {
        List<MeterRecord> reads = new java.util.ArrayList<>();
        for (int m = 1; m <= 5; m++) {
            for (int i = 0; i < intervals; i++) {
                reads.add(Fixtures.read(Fixtures.onFeeder("F2", m),
                        Instant.parse("2026-11-20T10:00:00Z").plusSeconds(1800L * i), i < 2 ? volts : 240));
            }
        }
        return reads;
    }

    @Test
    void onAStreamAFeedersReadsOutOfRangeADayLateAreOneFeederAlarmAndLeaveNoVoltageState() throws Exception {
        try (var h = streamHarness()) {
            h.watermark(millis(read("2026-11-21T09:00:00Z", 0)));
            // The batch comes by meter; the location's reads are put in time order before the rules (OrderReads).
            List<MeterRecord> reads = feederReads(4, 258);
            reads.sort(java.util.Comparator.comparing(MeterRecord::time));
            feed(h, reads.toArray(MeterRecord[]::new));
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of("FEEDER/F2:RAISED:5", "FEEDER/F2:CLEARED:5"), summary(alarms));
            assertEquals("EXTREME_VOLTAGE", alarms.get(0).kind());
            assertEquals(Instant.parse("2026-11-20T11:00:00Z"), alarms.get(0).time());
            assertEquals(90L, alarms.get(1).details().get("durationMinutes"));
            assertEquals(0, h.numEventTimeTimers(), "reads set no timers, whatever the alerts' clock");
            int left = stateEntries(h);
            try (var again = streamHarness()) {
                again.watermark(millis(read("2026-11-21T09:00:00Z", 0)));
                feed(again, feederReads(4, 240).stream().sorted(java.util.Comparator.comparing(MeterRecord::time))
                        .toArray(MeterRecord[]::new));
                assertEquals(List.of(), again.extractOutputValues());
                assertEquals(stateEntries(again), left, "the voltage roll-up leaves nothing behind once cleared: the "
                        + "same state as a feeder whose voltage was always fine");
            }
        }
    }

    @Test
    void onAStreamVoltageAlertsOfAFeederWithinMinutesAreOneAlarmOnceTheWatermarkPassesTheWindow() throws Exception {
        try (var h = streamHarness()) {
            for (int m = 1; m <= 4; m++) {
                feed(h, Fixtures.event(Fixtures.onFeeder("F2", m), "hi" + m, "0x8020", "2026-11-20T10:0" + m + ":00Z"));
            }
            h.watermark(Instant.parse("2026-11-20T10:05:59Z").toEpochMilli());
            assertEquals(List.of(), h.extractOutputValues(), "the first alert's window has not ended");
            h.watermark(Instant.parse("2026-11-20T10:06:00Z").toEpochMilli());
            assertEquals(List.of("FEEDER/F2:RAISED:4"), summary(h.extractOutputValues()));
            for (int m = 1; m <= 4; m++) {
                feed(h, Fixtures.event(Fixtures.onFeeder("F2", m), "ok" + m, "0x808D", "2026-11-20T10:3" + m + ":00Z"));
            }
            h.watermark(Long.MAX_VALUE);
            List<Alarm> alarms = h.extractOutputValues();
            assertEquals(List.of("FEEDER/F2:RAISED:4", "FEEDER/F2:CLEARED:4"), summary(alarms));
            assertEquals(Instant.parse("2026-11-20T10:34:00Z"), alarms.get(1).time(), "cleared with its last meter");
            assertEquals(0, stateEntries(h), "state must be gone once the feeder's voltage is back");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    private static List<String> kindsAndStatus(
            KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h) {
        return h.extractOutputValues().stream().map(a -> a.kind() + ":" + a.status()).toList();
    }
}
