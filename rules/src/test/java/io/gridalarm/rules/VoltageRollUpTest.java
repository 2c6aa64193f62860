package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The voltage roll-up on its own: one alarm per asset out of range as a whole, a single premise its own. */
class VoltageRollUpTest {

    /** Substation S1 with LV feeders A and B of four meters each. */
    private static final List<RegistryRow> METERS = new ArrayList<>();

    static {
        for (String feeder : List.of("A", "B")) {
            for (int m = 1; m <= 4; m++) {
                METERS.add(new RegistryRow(feeder + m, Fuel.ELECTRICITY, "S1" + feeder, "S1", "12", "ALFA",
                        Fixtures.REGISTERED));
            }
        }
    }

    private DroolsMeterRules rules;
    private VoltageRollUp rollUp;
    private VoltageRollUpState state;
    private final Map<String, MeterState> meterStates = new TreeMap<>();
    private final List<Alarm> sent = new ArrayList<>();

    @BeforeEach
    void compileDefaultRules() throws RuleSetException {
        RuleSet ruleSet = RuleSet.read(Fixtures.DEFAULT_RULES);
        rules = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader());
        rollUp = new VoltageRollUp(rules, ruleSet, Fixtures.network(METERS, Map.of()));
    }

    @AfterEach
    void close() {
        rules.close();
    }

    private static RegistryRow meter(String id) {
        return METERS.stream().filter(m -> m.meterId().equals(id)).findFirst().orElseThrow();
    }

    /** A read as the job sees one: the reads' clock moves to its time first, then the rules evaluate it. */
    private void read(String meterId, String start, double volts) {
        Instant from = at(start);
        keep(rollUp.release(state, VoltageRollUp.Clock.READS, from.plusSeconds(1800)));
        evaluate(Fixtures.read(meter(meterId), from, volts - 1, volts, volts + 1), VoltageRollUp.Clock.READS);
    }

    /** An alert as the job sees one: held alerts whose window ended by its time are released first. */
    private void alert(String meterId, String code, String time) {
        alertsReach(time);
        evaluate(Fixtures.event(meter(meterId), meterId + code + time, code, at(time)), VoltageRollUp.Clock.ALERTS);
    }

    private void alertsReach(String time) {
        Instant next;
        while ((next = rollUp.nextRelease(state)) != null && !next.isAfter(at(time))) {
            keep(rollUp.release(state, VoltageRollUp.Clock.ALERTS, next));
        }
    }

    private void evaluate(MeterRecord record, VoltageRollUp.Clock clock) {
        Evaluation evaluation = rules.evaluate(record, meterStates.get(record.meterId()));
        if (evaluation.state() == null) {
            meterStates.remove(record.meterId());
        } else {
            meterStates.put(record.meterId(), evaluation.state());
        }
        for (Alarm alarm : evaluation.alarms()) {
            MeterAlarm excursion = evaluation.forVoltageRollUp(alarm);
            if (excursion == null) {
                sent.add(alarm);
            } else {
                keep(rollUp.accept(state, excursion, clock));
            }
        }
    }

    private void keep(RollUpStep<VoltageRollUpState> result) {
        state = result.state();
        sent.addAll(result.emitted());
    }

    /** Every meter's reads of the intervals from 10:00, in an order a batch file may give; {@code high} ones high. */
    private void readsOf(List<String> starts, List<String> high, long seed) {
        for (String start : starts) {
            List<String> meters = new ArrayList<>(METERS.stream().map(RegistryRow::meterId).toList());
            Collections.shuffle(meters, new Random(seed));
            for (String meterId : meters) {
                read(meterId, start, high.contains(meterId) ? 258.0 : 240.0);
            }
        }
    }

    private static String describe(Alarm alarm) {
        return alarm.status() + " " + alarm.kind() + " " + alarm.scope().level() + " " + alarm.scope().id();
    }

    @Test
    void aTapOnOneLvFeederIsOneAlarmOfTheFeederAndNoneOfItsMeters() {
        List<String> feederA = List.of("A1", "A2", "A3", "A4");
        readsOf(List.of("10:00", "10:30"), feederA, 7);
        assertEquals(List.of(), sent, "held until the reads' clock has passed the interval");
        readsOf(List.of("11:00", "11:30"), List.of(), 8);

        assertEquals(List.of("RAISED EXTREME_VOLTAGE FEEDER S1A", "CLEARED EXTREME_VOLTAGE FEEDER S1A"),
                sent.stream().map(VoltageRollUpTest::describe).toList());
        Alarm raised = sent.get(0);
        assertEquals(at("11:00"), raised.time(), "stamped with the interval's end, not when the next read came");
        assertEquals(at("10:00"), raised.startTime());
        assertEquals(4L, raised.details().get("metersOutOfRange"));
        assertEquals(4, raised.details().get("assetMeters"));
        assertEquals(feederA, raised.meterIds());
        Alarm cleared = sent.get(1);
        assertEquals(raised.alarmId(), cleared.alarmId());
        assertEquals(at("11:30"), cleared.time());
        assertEquals(90L, cleared.details().get("durationMinutes"));
        assertNull(state, "nothing left once the feeder is back in range");
    }

    @Test
    void aSinglePremiseOutOfRangeWhileItsNeighboursAreFineKeepsItsOwnAlarm() {
        readsOf(List.of("10:00", "10:30"), List.of("B3"), 3);
        readsOf(List.of("11:00"), List.of(), 4);

        assertEquals(List.of("RAISED EXTREME_VOLTAGE METER B3", "CLEARED EXTREME_VOLTAGE METER B3"),
                sent.stream().map(VoltageRollUpTest::describe).toList());
        assertEquals("Sustained extreme voltage", sent.get(0).rule());
        assertNull(state);
    }

    @Test
    void aTransformerTakingBothFeedersOutIsOneAlarmOfTheSubstation() {
        readsOf(List.of("10:00", "10:30", "11:00"), List.of("A1", "A2", "A3", "A4", "B1", "B2", "B3"), 11);

        assertEquals(List.of("RAISED EXTREME_VOLTAGE SUBSTATION S1"),
                sent.stream().map(VoltageRollUpTest::describe).toList());
        assertEquals(7L, sent.get(0).details().get("metersOutOfRange"));
        assertEquals("Substation voltage out of range", sent.get(0).rule());
    }

    @Test
    void alertsFromAFeederWithinMinutesBecomeOneAlarmWhichGrowsAndTheFirstMeterSentAloneIsClearedIntoIt() {
        alert("A1", "0x8020", "10:00");
        alertsReach("10:05");
        assertEquals(List.of("RAISED VOLTAGE_ALERT METER A1"), sent.stream().map(VoltageRollUpTest::describe).toList(),
                "alone once its window ends with no neighbour out");
        alert("A2", "0x8020", "10:20");
        alert("A3", "0x8020", "10:21");
        alertsReach("10:25");

        List<String> described = sent.stream().map(VoltageRollUpTest::describe).toList();
        assertEquals(List.of("RAISED VOLTAGE_ALERT METER A1", "CLEARED VOLTAGE_ALERT METER A1",
                "RAISED VOLTAGE_ALERT FEEDER S1A"), described);
        assertEquals(sent.get(2).alarmId(), sent.get(1).details().get("rolledUpInto"));
        assertEquals(at("10:25"), sent.get(2).time());

        alert("A4", "0x8020", "10:30");
        alertsReach("10:40");
        assertEquals("UPDATED VOLTAGE_ALERT FEEDER S1A", describe(sent.get(3)), "a meter joining once its window ends");
        assertEquals(4L, sent.get(3).details().get("metersOutOfRange"));
        assertEquals(at("10:35"), sent.get(3).time());
        alert("A4", "0x8002", "10:41");
        alert("A4", "0x8085", "10:43");
        assertEquals(4, sent.size(), "an alert of a meter the feeder's alarm covers, over within its window, is silent");
        for (String meter : List.of("A1", "A2", "A3", "A4")) {
            alert(meter, "0x808D", "11:00");
        }
        Alarm cleared = sent.get(sent.size() - 1);
        assertEquals(new Scope(ScopeLevel.FEEDER, "S1A"), cleared.scope());
        assertEquals(AlarmStatus.CLEARED, cleared.status());
        assertEquals(List.of("A1", "A2", "A3", "A4"), cleared.meterIds());
        assertEquals(5, sent.size());
        assertNull(state);
    }

    @Test
    void anAlertThatEndsWithinItsWindowGoesOutRaisedThenCleared() {
        alert("B2", "0x8020", "10:00");
        alert("B2", "0x808D", "10:02");

        assertEquals(List.of("RAISED VOLTAGE_ALERT METER B2", "CLEARED VOLTAGE_ALERT METER B2"),
                sent.stream().map(VoltageRollUpTest::describe).toList());
        assertNull(state, "no window left to wait for");
        assertNull(rollUp.nextRelease(state));
    }

    @Test
    void meterReadsBackInRangeTogetherAreOneUpdatedOfTheirAssetAndTheLastClearIt() {
        List<String> feederA = List.of("A1", "A2", "A3", "A4");
        readsOf(List.of("10:00", "10:30"), feederA, 5);
        readsOf(List.of("11:00"), List.of("A3", "A4"), 6);
        readsOf(List.of("11:30"), List.of(), 7);
        readsOf(List.of("12:00"), List.of(), 8);

        assertEquals(List.of("RAISED EXTREME_VOLTAGE FEEDER S1A", "UPDATED EXTREME_VOLTAGE FEEDER S1A",
                "CLEARED EXTREME_VOLTAGE FEEDER S1A"), sent.stream().map(VoltageRollUpTest::describe).toList(),
                "the two meters back in one interval are one UPDATED, whatever order the batch gave their reads");
        Alarm updated = sent.get(1);
        assertEquals(2L, updated.details().get("metersOutOfRange"));
        assertEquals(at("11:30"), updated.time(), "stamped when they were back, not when the next reads came");
        assertEquals(feederA, updated.meterIds(), "the meters it has covered");
        assertEquals(at("12:00"), sent.get(2).time());
        assertNull(state);
    }

    @Test
    void alertsBackWithinOneWindowAreOneUpdatedAtItsEndAndNothingIsLeftWaiting() {
        for (String meter : List.of("A1", "A2", "A3", "A4")) {
            alert(meter, "0x8020", "10:00");
        }
        alertsReach("10:05");
        alert("A1", "0x808D", "10:30");
        assertEquals(at("10:35"), rollUp.nextRelease(state), "the asset's UPDATED waits for its window");
        alert("A2", "0x808D", "10:32");
        alert("A2", "0x808D", "10:33");
        alertsReach("10:40");

        assertEquals(List.of("RAISED VOLTAGE_ALERT FEEDER S1A", "UPDATED VOLTAGE_ALERT FEEDER S1A"),
                sent.stream().map(VoltageRollUpTest::describe).toList(), "one UPDATED for both, a repeated clear none");
        assertEquals(2L, sent.get(1).details().get("metersOutOfRange"));
        assertEquals(at("10:35"), sent.get(1).time());
        assertNull(rollUp.nextRelease(state), "no timer once it is sent");
        alert("A3", "0x808D", "11:00");
        alert("A4", "0x808D", "11:01");
        alertsReach("11:10");

        assertEquals(List.of("RAISED VOLTAGE_ALERT FEEDER S1A", "UPDATED VOLTAGE_ALERT FEEDER S1A",
                "CLEARED VOLTAGE_ALERT FEEDER S1A"), sent.stream().map(VoltageRollUpTest::describe).toList(),
                "the last ones back clear it, with no UPDATED before");
        assertNull(state);
        assertNull(rollUp.nextRelease(state));
    }
}
