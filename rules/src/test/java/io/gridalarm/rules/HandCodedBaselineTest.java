package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlertCode;
import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.AssetKind;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.Json;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.rules.fact.VoltageSpread;
import io.gridalarm.rules.fact.VoltageVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-coded baseline gives exactly the alarms the DRL gives, so the benchmark compares like with like. */
class HandCodedBaselineTest {

    @Test
    void handCodedRulesMatchTheDrlOnRandomHistories() throws Exception {
        RuleSet ruleSet = RuleSet.read(Fixtures.DEFAULT_RULES);
        List<AlertCode> codes = new ArrayList<>(AlertCodes.gbcs().all());
        int alarmsSeen = 0;
        try (DroolsMeterRules drl = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader());
             HandCodedDefaultRules java = new HandCodedDefaultRules(ruleSet)) {
            for (long seed = 1; seed <= 200; seed++) {
                Random random = new Random(seed);
                RegistryRow meter = random.nextBoolean() ? Fixtures.ELECTRIC : Fixtures.GAS;
                MeterState drlState = null;
                MeterState javaState = null;
                Instant time = at("00:00");
                for (int i = 0; i < 60; i++) {
                    time = time.plusSeconds(random.nextInt(4) == 0 ? 30 : 1800);
                    Instant due = drl.nextDeadline(drlState);
                    assertEquals(due, java.nextDeadline(javaState), "seed " + seed + " record " + i);
                    if (due != null && !due.isAfter(time) && random.nextBoolean()) {
                        Evaluation a = drl.settle(due, drlState);
                        Evaluation b = java.settle(due, javaState);
                        assertEquals(sortedJson(a.alarms()), sortedJson(b.alarms()), "seed " + seed + " settle " + i);
                        assertEquals(a.state(), b.state(), "seed " + seed + " settle " + i);
                        drlState = a.state();
                        javaState = b.state();
                        alarmsSeen += a.alarms().size();
                    }
                    int pick = random.nextInt(6);
                    MeterRecord record = pick <= 1 ? randomEvent(random, codes, meter, time, i)
                            : pick == 2 ? randomServiceMessage(random, meter, time, i)
                            : randomRead(random, meter, time);
                    if (record == null) {
                        continue;
                    }
                    Evaluation a = drl.evaluate(record, drlState);
                    Evaluation b = java.evaluate(record, javaState);
                    assertEquals(sortedJson(a.alarms()), sortedJson(b.alarms()), "seed " + seed + " record " + i);
                    assertEquals(a.state(), b.state(), "seed " + seed + " record " + i);
                    assertEquals(a.excursions().size(), b.excursions().size(), "seed " + seed + " record " + i);
                    assertEquals(a.outages().size(), b.outages().size(), "seed " + seed + " record " + i);
                    drlState = a.state();
                    javaState = b.state();
                    alarmsSeen += a.alarms().size();
                }
            }
        }
        assertTrue(alarmsSeen > 100, "the random histories should raise alarms, raised " + alarmsSeen);
    }

    @Test
    void handCodedVoltageVerdictsMatchTheDrlOnRandomSubstations() throws Exception {
        RuleSet ruleSet = RuleSet.read(Fixtures.DEFAULT_RULES);
        int verdictsSeen = 0;
        try (DroolsMeterRules drl = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader());
             HandCodedDefaultRules java = new HandCodedDefaultRules(ruleSet)) {
            for (long seed = 1; seed <= 300; seed++) {
                Random random = new Random(seed);
                List<VoltageSpread> spreads = new ArrayList<>();
                int substationMeters = 0;
                int substationOut = 0;
                boolean fromAlerts = random.nextBoolean();
                for (int f = 0; f < 1 + random.nextInt(4); f++) {
                    int meters = 1 + random.nextInt(8);
                    int out = random.nextInt(meters + 1);
                    substationMeters += meters;
                    substationOut += out;
                    if (out > 0) {
                        spreads.add(new VoltageSpread("F" + f, AssetKind.LV_FEEDER, "S", meters, out,
                                fromAlerts));
                    }
                }
                if (substationOut == 0) {
                    continue;
                }
                spreads.add(new VoltageSpread("S", AssetKind.SECONDARY_SUBSTATION, null, substationMeters,
                        substationOut, fromAlerts));
                List<VoltageVerdict> expected = drl.classifyVoltage(spreads);
                assertEquals(expected, java.classifyVoltage(spreads), "seed " + seed + " " + spreads);
                verdictsSeen += expected.size();
            }
        }
        assertTrue(verdictsSeen > 50, "the random substations should give verdicts, gave " + verdictsSeen);
    }

    private static MeterRecord randomEvent(Random random, List<AlertCode> codes, RegistryRow meter, Instant time,
                                           int i) {
        AlertCode code = codes.get(random.nextInt(codes.size()));
        if (!code.appliesTo(meter.fuel())) {
            return null;
        }
        return Fixtures.event(meter, "e" + i, code.code(), time);
    }

    /** A request of a random service, or a response to one of the last few (or to one never sent). */
    private static MeterRecord randomServiceMessage(Random random, RegistryRow meter, Instant time, int i) {
        if (random.nextBoolean()) {
            DuisService[] services = DuisService.values();
            return Fixtures.request(meter, "r" + i, services[random.nextInt(services.length)], time);
        }
        String[] outcomes = {"SUCCESS", "SUCCESS", "FAILURE", "E20", "E21"};
        return Fixtures.response(meter, "r" + (i - 1 - random.nextInt(6)), outcomes[random.nextInt(outcomes.length)],
                time);
    }

    private static MeterRecord randomRead(Random random, RegistryRow meter, Instant time) {
        if (meter.fuel() == Fuel.GAS) {
            return MeterRecord.of(new IntervalRead(meter.meterId(), meter.fuel(), time, 30, 1.0,
                    null, null, null, null), meter);
        }
        double avg = 205 + random.nextInt(60);
        return Fixtures.read(meter, time, avg - random.nextInt(6), avg, avg + random.nextInt(6));
    }

    private static List<String> sortedJson(List<Alarm> alarms) {
        return alarms.stream().map(Json::line).sorted().toList();
    }
}
