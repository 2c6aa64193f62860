package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AssetKind;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.SwitchPosition;
import io.gridalarm.rules.fact.SwitchingSpread;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many meters below one asset switched the same way within minutes are one SWITCHING_RISK of the highest asset the
 * rules find at risk (20 meters and 30% of the asset within 10 minutes, by the default rule set).
 */
class SwitchingWatchTest {

    private final FleetRun fleet = FleetRun.defaultRules();

    @AfterEach
    void close() {
        fleet.close();
    }

    /**
     * Feeder F1 with 30 meters and feeder F2 with {@code f2} meters, both of substation S1, and a hundred meters of
     * substation S2, both substations under HV feeder H1.
     */
    private static List<RegistryRow> meters(int f2) {
        List<RegistryRow> rows = new ArrayList<>();
        for (int i = 0; i < 30 + f2; i++) {
            rows.add(new RegistryRow((i < 30 ? "A" : "B") + i, Fuel.ELECTRICITY, i < 30 ? "F1" : "F2", "S1", "10",
                    "ALFA", Fixtures.REGISTERED));
        }
        for (int i = 0; i < 100; i++) {
            rows.add(new RegistryRow("C" + i, Fuel.ELECTRICITY, "F3", "S2", "10", "ALFA", Fixtures.REGISTERED));
        }
        return rows;
    }

    private static final NetworkPath ABOVE = Fixtures.above("H1", AssetKind.HV_FEEDER);

    private SwitchingWatch watch(List<RegistryRow> rows) {
        RuleSet ruleSet;
        try {
            ruleSet = RuleSet.read(Fixtures.DEFAULT_RULES);
        } catch (RuleSetException e) {
            throw new IllegalStateException(e);
        }
        return new SwitchingWatch(fleet.rules(), ruleSet.thresholds(),
                Fixtures.network(rows, Map.of("S1", ABOVE, "S2", ABOVE)));
    }

    private static SwitchingState.Switched off(RegistryRow row, double minute) {
        return new SwitchingState.Switched(row.meterId(), Fixtures.at("06:00").toEpochMilli()
                + Math.round(minute * 60_000), SwitchPosition.DISCONNECTED,
                NetworkPath.of(row.feederId(), row.substationId(), ABOVE), row.networkOperator());
    }

    /** Switches the meters in turn, {@code step} minutes apart from {@code from}; returns every alarm raised. */
    private static List<Alarm> switchAll(SwitchingWatch watch, SwitchingState[] state, List<RegistryRow> rows,
                                         double from, double step) {
        List<Alarm> alarms = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            SwitchingWatch.Step result = watch.switched(state[0], off(rows.get(i), from + i * step));
            alarms.addAll(result.alarms());
            state[0] = result.state();
        }
        return alarms;
    }

    @Test
    void twentyOfAFeedersThirtyMetersOffWithinMinutesIsOneRiskOfThatFeederNotOfItsSubstation() {
        List<RegistryRow> rows = meters(60);
        SwitchingWatch watch = watch(rows);
        SwitchingState[] state = {null};
        List<Alarm> alarms = switchAll(watch, state, rows.subList(0, 25), 0, 0.2);
        assertEquals(1, alarms.size(), "raised once, at the 20th, and not again for the 21st to 25th");
        Alarm risk = alarms.get(0);
        assertEquals(ScopeLevel.FEEDER, risk.scope().level());
        assertEquals("F1", risk.scope().id());
        assertEquals(20, risk.details().get("metersSwitched"));
        assertEquals(List.of(Recipient.networkOperator("10")), risk.recipients());
        assertEquals("Mass disconnection below an asset", risk.rule());
        assertEquals(Fixtures.at("06:00"), risk.startTime());
    }

    @Test
    void tenOffOnEachOfTwoFeedersIsARiskOfTheirSubstationAlone() {
        List<RegistryRow> rows = meters(30);
        List<RegistryRow> both = new ArrayList<>(rows.subList(0, 10));
        both.addAll(rows.subList(30, 40));
        SwitchingState[] state = {null};
        List<Alarm> alarms = switchAll(watch(rows), state, both, 0, 0.1);
        assertEquals(1, alarms.size());
        assertEquals(ScopeLevel.SUBSTATION, alarms.get(0).scope().level());
        assertEquals(20, alarms.get(0).details().get("metersSwitched"));
    }

    @Test
    void theSameMetersSwitchedSlowlyNeverHaveTwentyInOneWindowAndLeaveNothingOnceItPasses() {
        List<RegistryRow> rows = meters(60);
        SwitchingWatch watch = watch(rows);
        SwitchingState[] state = {null};
        assertEquals(List.of(), switchAll(watch, state, rows.subList(0, 30), 0, 0.6),
                "one every 36 s: at most 17 within ten minutes");
        long last = off(rows.get(29), 29 * 0.6).time();
        assertEquals(last + 600_000, watch.nextExpiry(watch.expire(state[0], last + 599_999)));
        assertNull(watch.expire(state[0], last + 600_000));
    }

    @Test
    void aSecondBurstAfterTheWindowHasPassedIsRaisedAgain() {
        List<RegistryRow> rows = meters(60);
        SwitchingWatch watch = watch(rows);
        SwitchingState[] state = {null};
        assertEquals(1, switchAll(watch, state, rows.subList(0, 20), 0, 0.1).size());
        assertEquals(1, switchAll(watch, state, rows.subList(0, 20), 60, 0.1).size());
    }

    @Test
    void theDrlAndTheHandCodedBaselineFindTheSameAssetsAtRisk() throws Exception {
        List<SwitchingSpread> spreads = new ArrayList<>();
        for (int switched : new int[] {5, 19, 20, 40}) {
            for (int size : new int[] {0, 30, 66, 200}) {
                spreads.add(new SwitchingSpread("F" + switched + "-" + size, AssetKind.LV_FEEDER, "S1",
                        switched % 2 == 0 ? SwitchPosition.DISCONNECTED : SwitchPosition.CONNECTED, size, switched,
                        10));
            }
        }
        try (HandCodedDefaultRules java = new HandCodedDefaultRules(RuleSet.read(Fixtures.DEFAULT_RULES))) {
            assertEquals(fleet.rules().classifySwitching(spreads), java.classifySwitching(spreads));
            assertEquals(6, java.classifySwitching(spreads).size(), "20 or more, and 30% or more (or size unknown)");
        }
    }
}
