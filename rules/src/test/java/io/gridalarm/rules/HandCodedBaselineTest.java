package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlertCode;
import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.Json;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
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
                    time = time.plusSeconds(1800);
                    MeterRecord record = random.nextInt(3) == 0
                            ? randomEvent(random, codes, meter, time, i)
                            : randomRead(random, meter, time);
                    if (record == null) {
                        continue;
                    }
                    Evaluation a = drl.evaluate(record, drlState);
                    Evaluation b = java.evaluate(record, javaState);
                    assertEquals(sortedJson(a.alarms()), sortedJson(b.alarms()), "seed " + seed + " record " + i);
                    assertEquals(a.state(), b.state(), "seed " + seed + " record " + i);
                    drlState = a.state();
                    javaState = b.state();
                    alarmsSeen += a.alarms().size();
                }
            }
        }
        assertTrue(alarmsSeen > 100, "the random histories should raise alarms, raised " + alarmsSeen);
    }

    private static MeterRecord randomEvent(Random random, List<AlertCode> codes, RegistryRow meter, Instant time,
                                           int i) {
        AlertCode code = codes.get(random.nextInt(codes.size()));
        if (!code.appliesTo(meter.fuel())) {
            return null;
        }
        return Fixtures.event(meter, "e" + i, code.code(), time);
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
