package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.AssetKind;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.RegistryRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roll-up on its own: groups up the network tree, and suppliers told of their own meters only. */
class OutageRollUpTest {

    /**
     * Primary P with HV feeders H1 and H2; H1 feeds substations S1-S3, H2 feeds S4-S6; each substation has LV
     * feeders A and B of four meters (48 meters).
     */
    private static final Map<String, NetworkPath> ABOVE = new TreeMap<>();
    private static final List<RegistryRow> TREE_METERS = new ArrayList<>();

    static {
        for (int s = 1; s <= 6; s++) {
            ABOVE.put("S" + s, Fixtures.above(s <= 3 ? "H1" : "H2", AssetKind.HV_FEEDER, "P",
                    AssetKind.PRIMARY_SUBSTATION));
            for (String feeder : List.of("A", "B")) {
                for (int m = 1; m <= 4; m++) {
                    TREE_METERS.add(new RegistryRow("S" + s + feeder + m, Fuel.ELECTRICITY, "S" + s + feeder, "S" + s,
                            "12", "ALFA", Fixtures.REGISTERED));
                }
            }
        }
    }

    @TempDir
    Path root;
    private DroolsMeterRules rules;
    private OutageRollUp rollUp;
    private RollUpState state;
    private Duration window;
    private final List<Alarm> sent = new ArrayList<>();
    private final Map<String, MeterState> meterStates = new TreeMap<>();

    @BeforeEach
    void compileDefaultRules() throws RuleSetException {
        RuleSet ruleSet = RuleSet.read(Fixtures.DEFAULT_RULES);
        rules = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader());
        rollUp = new OutageRollUp(rules, ruleSet, Fixtures.network(TREE_METERS, ABOVE));
        window = ruleSet.thresholds().groupWindow();
    }

    @AfterEach
    void close() {
        rules.close();
    }

    /** The default rule set, copied with outage.notifySupplier turned on. */
    private Path notifyingSuppliers() throws IOException {
        return Fixtures.copyDefaultRules(root, "gb-notify",
                text -> text.replace("outage.notifySupplier,false", "outage.notifySupplier,true"));
    }

    private static RegistryRow meter(int i, String supplier) {
        return new RegistryRow("120000000000" + i, Fuel.ELECTRICITY, "F1", "S1", "12", supplier,
                Fixtures.REGISTERED);
    }

    @Test
    void suppliersHearOfTheirOwnMetersWhileTheNetworkOperatorGetsOneFeederOutage() throws Exception {
        RuleSet ruleSet = RuleSet.read(notifyingSuppliers());
        List<RegistryRow> meters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            meters.add(meter(i, i == 1 ? "BRVO" : "ALFA"));
        }
        meters.add(new RegistryRow("1200000000099", Fuel.ELECTRICITY, "F2", "S1", "12", "ALFA", Fixtures.REGISTERED));
        try (DroolsMeterRules notifying = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader())) {
            rules = notifying;
            rollUp = new OutageRollUp(notifying, ruleSet, Fixtures.network(meters, Map.of()));
            for (int i = 0; i < 3; i++) {
                goesOff(meters.get(i), at("10:03:0" + i));
            }
            assertEquals(List.of(), sent, "held for the grouping window");
            releaseDue();
            List<String> summary = sent.stream()
                    .map(a -> a.scope().level() + ":" + a.recipients().stream().map(Recipient::toString).toList())
                    .sorted().toList();
            assertEquals(List.of("FEEDER:[network-operator/12]", "METER:[supplier/ALFA]", "METER:[supplier/ALFA]",
                    "METER:[supplier/BRVO]"), summary);
        }
    }

    @Test
    void anHvFeederTripIsOneAlarmAboveItsSubstationsAndFeeders() {
        for (RegistryRow meter : TREE_METERS.subList(0, 24)) {
            goesOff(meter, at("10:00"));
        }
        releaseDue();
        assertEquals(List.of("RAISED HV_FEEDER H1 24"), summary(sent));
        assertEquals("HV feeder outage", sent.get(0).rule());
        for (RegistryRow meter : TREE_METERS.subList(0, 24)) {
            comesBack(meter, at("11:00"));
        }
        assertEquals("CLEARED HV_FEEDER H1 24", summary(sent).get(1));
        // An AD1 is sent three minutes into an outage: each meter was off 63 minutes.
        assertEquals(24 * 63.0, sent.get(1).details().get("customerMinutesLost"));
        assertEquals(24 * 63 * 60L, sent.get(1).details().get("customerSecondsLost"));
        assertNull(state, "nothing is kept once the HV feeder is back");
    }

    @Test
    void bothHvFeedersOffMakeOnePrimaryOutage() {
        for (RegistryRow meter : TREE_METERS) {
            goesOff(meter, at("10:00"));
        }
        releaseDue();
        assertEquals(List.of("RAISED PRIMARY_SUBSTATION P 48"), summary(sent));
        assertEquals(Map.of("assetMeters", 48, "assetChildren", 2, "level", "PRIMARY_SUBSTATION", "metersOff", 48L,
                "metersBack", 0L),
                sent.get(0).details());
    }

    @Test
    void aSubstationOutageGrowsIntoItsHvFeedersAndIsClearedIntoIt() {
        for (RegistryRow meter : TREE_METERS.subList(0, 8)) {
            goesOff(meter, at("10:00"));
        }
        releaseDue();
        assertEquals(List.of("RAISED SUBSTATION S1 8"), summary(sent));
        for (RegistryRow meter : TREE_METERS.subList(8, 24)) {
            goesOff(meter, at("10:10"));
        }
        releaseDue();
        List<String> after = summary(sent).subList(1, sent.size());
        assertEquals(List.of("RAISED HV_FEEDER H1 24", "CLEARED SUBSTATION S1 8"), after);
        assertEquals(sent.get(1).alarmId(), sent.get(2).details().get("rolledUpInto"));
        assertEquals(sent.get(0).startTime(), sent.get(1).startTime(), "the HV feeder's outage began with the "
                + "substation's");
    }

    @Test
    void oneSubstationOfThreeOffStaysASubstationOutage() {
        for (RegistryRow meter : TREE_METERS.subList(0, 8)) {
            goesOff(meter, at("10:00"));
        }
        for (RegistryRow meter : TREE_METERS.subList(24, 28)) {
            goesOff(meter, at("10:00"));
        }
        releaseDue();
        assertEquals(List.of("RAISED FEEDER S4A 4", "RAISED SUBSTATION S1 8"), summary(sent).stream().sorted()
                .toList());
    }

    @Test
    void anAlertArrivingLateAndOutOfOrderOpensTheWindowAtItsOwnTimeAndDuplicatesCountOnce() {
        goesOff(TREE_METERS.get(0), at("10:05"));
        // A hub whose AD1 came late: its loss is earlier than the one already held.
        goesOff(TREE_METERS.get(1), at("10:01"));
        assertEquals(at("10:01"), state.heldSince());
        assertEquals(at("10:01").plus(window), rollUp.nextRelease(state),
                "the window runs from the earliest loss, not the first to arrive");
        goesOff(TREE_METERS.get(2), at("10:02"));
        releaseDue();
        assertEquals(List.of("RAISED FEEDER S1A 3"), summary(sent));
        RegistryRow twice = TREE_METERS.get(1);
        Evaluation back = rules.evaluate(Fixtures.event(twice, "on-twice", "0x8F35", at("10:40")),
                meterStates.get(twice.meterId()));
        assertEquals(1, back.outages().size());
        keep(rollUp.accept(state, back.outages().get(0)));
        keep(rollUp.accept(state, back.outages().get(0)));
        RollUpState.Group group = state.groups().get(0);
        assertEquals(1, group.membersBack(), "a restore handed to the roll-up twice counts once");
        assertEquals(at("10:40"), group.lastBack());
        assertEquals(2, group.membersOff());
        // A late read proves one meter back earlier than the first restore: the group ends with its last meter.
        comesBack(TREE_METERS.get(2), at("10:50"));
        comesBack(TREE_METERS.get(0), at("10:30"));
        Alarm cleared = sent.get(sent.size() - 1);
        assertEquals("CLEARED FEEDER S1A 3", summary(List.of(cleared)).get(0));
        assertEquals(at("10:50").toString(), cleared.details().get("endTime"));
        assertNull(state);
    }

    @Test
    void anHvFeederRestoredInStagesClearsWhenItIsBackAndItsStragglersAreNestedOutagesAnHourAfterTheirNeighbours() {
        List<RegistryRow> h1 = TREE_METERS.subList(0, 24);
        Map<String, Instant> backAt = new TreeMap<>();
        for (RegistryRow meter : h1) {
            goesOff(meter, at("10:00"));
        }
        releaseDue();
        assertEquals(List.of("RAISED HV_FEEDER H1 24"), summary(sent));
        // Stage one: S1 and S2 back, but for one meter of S1A (a service cable); S3 is still off as a whole.
        for (RegistryRow meter : h1.subList(1, 16)) {
            comesBack(meter, at("11:00"));
            backAt.put(meter.meterId(), at("11:00"));
        }
        releaseUpTo(at("11:10"));
        assertEquals(List.of("UPDATED HV_FEEDER H1 24"), summary(sent.subList(1, sent.size())),
                "a substation still off as a whole: not back yet");
        // Stage two: S3 back, but for one meter of S3B; its alerts spread over a minute and a half.
        for (RegistryRow meter : h1.subList(16, 23)) {
            Instant back = meter.meterId().equals("S3B3") ? at("11:51:30") : at("11:50");
            comesBack(meter, back);
            backAt.put(meter.meterId(), back);
        }
        releaseUpTo(at("11:53"));
        assertEquals(2, sent.size(), "meters were still coming back two minutes after the stage: not yet");
        releaseUpTo(at("11:55"));
        Alarm cleared = sent.get(2);
        assertEquals("CLEARED HV_FEEDER H1 22", summary(List.of(cleared)).get(0));
        assertEquals(at("11:53:30"), cleared.time(), "cleared a grouping window after its last meter came back");
        assertEquals(at("11:51:30").toString(), cleared.details().get("endTime"));
        assertEquals(List.of("S1A1", "S3B4"), cleared.details().get("notConfirmedBack"));
        assertEquals(22, cleared.details().get("customersInterrupted"));
        assertEquals(secondsOff(backAt), cleared.details().get("customerSecondsLost"));

        // The first stage's straggler has been off an hour since its feeder's other meters came back: raised then.
        releaseUpTo(at("11:59"));
        assertEquals(3, sent.size());
        releaseUpTo(at("12:00"));
        Alarm nested = sent.get(3);
        assertEquals("RAISED METER S1A1 1", summary(List.of(nested)).get(0));
        assertEquals(OutageRollUp.NESTED_KIND, nested.kind());
        assertEquals(at("12:00"), nested.time());
        // The second stage's comes back before its hour is up: raised and cleared at once, its minutes counted.
        comesBack(h1.get(23), at("12:30"));
        assertEquals(List.of("RAISED METER S3B4 1", "CLEARED METER S3B4 1"), summary(sent.subList(4, 6)));
        assertEquals(secondsOff(Map.of("S3B4", at("12:30"))), sent.get(5).details().get("customerSecondsLost"));
        assertEquals(at("12:50").toString(), sent.get(5).details().get(OutageRollUp.BACK_BEFORE),
                "an hour after most of its substation was back");
        comesBack(h1.get(0), at("14:00"));
        assertEquals("CLEARED METER S1A1 1", summary(sent).get(6));
        assertEquals(secondsOff(Map.of("S1A1", at("14:00"))), sent.get(6).details().get("customerSecondsLost"));
        assertEquals(7, sent.size());
        assertNull(state, "nothing is kept once every meter is back");
    }

    /** Customer seconds lost by meters that lost supply at 09:57 (their AD1 at 10:00) and came back then. */
    private static long secondsOff(Map<String, Instant> backAt) {
        return backAt.values().stream().mapToLong(back -> Duration.between(at("09:57"), back).getSeconds()).sum();
    }

    @Test
    void aChangeTooSmallForAControlRoomWaitsForTheNextUpdateOrTheClear() throws Exception {
        RuleSet ruleSet = RuleSet.read(Fixtures.copyDefaultRules(root, "gb-tenth",
                text -> text.replace("outage.updateMinShare,0.01,", "outage.updateMinShare,0.1,")));
        try (DroolsMeterRules tenth = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader())) {
            rules = tenth;
            rollUp = new OutageRollUp(tenth, ruleSet, Fixtures.network(TREE_METERS, ABOVE));
            for (RegistryRow meter : TREE_METERS) {
                goesOff(meter, at("10:00"));
            }
            releaseUpTo(at("10:10"));
            comesBack(TREE_METERS.get(0), at("10:30"));
            releaseUpTo(at("10:45"));
            assertEquals(List.of("RAISED PRIMARY_SUBSTATION P 48"), summary(sent),
                    "one meter of 48 back is not worth an UPDATED when a tenth of them is");
            for (RegistryRow meter : TREE_METERS.subList(1, 5)) {
                comesBack(meter, at("10:50"));
            }
            releaseUpTo(at("11:00"));
            assertEquals(2, sent.size(), summary(sent).toString());
            Alarm update = sent.get(1);
            assertEquals(AlarmStatus.UPDATED, update.status());
            assertEquals(at("10:52"), update.time(), "a grouping window after the change that made it worth telling");
            assertEquals(5L, update.details().get("metersBack"), "the meter back at 10:30 counts towards it");
            assertEquals(43L, update.details().get("metersOff"));
            for (RegistryRow meter : TREE_METERS.subList(5, 7)) {
                comesBack(meter, at("11:20"));
            }
            releaseUpTo(at("11:40"));
            assertEquals(2, sent.size(), "two more back: not yet a tenth since the UPDATED");
            for (RegistryRow meter : TREE_METERS.subList(7, TREE_METERS.size())) {
                comesBack(meter, at("12:00"));
            }
            releaseDue();
            assertEquals("CLEARED PRIMARY_SUBSTATION P 48", summary(sent).get(2));
            assertEquals(48, sent.get(2).details().get("customersInterrupted"), "every meter counted in the clear");
            assertEquals(3, sent.size());
            assertNull(state, "nothing kept once the primary is back");
        }
    }

    private void releaseUpTo(Instant time) {
        Instant due;
        while ((due = rollUp.nextRelease(state)) != null && !due.isAfter(time)) {
            keep(rollUp.release(state, due));
        }
    }

    private void goesOff(RegistryRow meter, Instant time) {
        Evaluation confirmed = rules.evaluate(Fixtures.event(meter, "off-" + meter.meterId() + time, "AD1", time),
                null);
        for (MeterAlarm outage : confirmed.outages()) {
            keep(rollUp.accept(state, outage));
        }
        meterStates.put(meter.meterId(), confirmed.state());
    }

    private void comesBack(RegistryRow meter, Instant time) {
        Evaluation back = rules.evaluate(Fixtures.event(meter, "on-" + meter.meterId() + time, "0x8F35", time),
                meterStates.get(meter.meterId()));
        for (MeterAlarm outage : back.outages()) {
            keep(rollUp.accept(state, outage));
        }
        meterStates.put(meter.meterId(), back.state());
    }

    private void releaseDue() {
        Instant due;
        while ((due = rollUp.nextRelease(state)) != null) {
            keep(rollUp.release(state, due));
        }
    }

    private void keep(RollUpStep<RollUpState> result) {
        state = result.state();
        sent.addAll(result.emitted());
    }

    /** Each emission as status, level, asset and how many meters it names. */
    private static List<String> summary(List<Alarm> alarms) {
        return alarms.stream().map(a -> a.status() + " " + a.scope().level() + " " + a.scope().id() + " "
                + a.meterIds().size()).toList();
    }
}
