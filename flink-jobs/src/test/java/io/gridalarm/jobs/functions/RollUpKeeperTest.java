package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.onFeeder;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.rules.DroolsMeterRules;
import io.gridalarm.rules.Evaluation;
import io.gridalarm.rules.MeterAlarm;
import io.gridalarm.rules.MeterRules;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.RollUpDue;
import io.gridalarm.rules.RollUpState;
import io.gridalarm.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

/** The roll-up's state in Flink state: windows released by time, timers set for them, nothing left at the end. */
class RollUpKeeperTest {

    private static final RuleSet RULES = read();
    private static final Duration WINDOW = RULES.thresholds().groupWindow();

    private static RuleSet read() {
        try {
            return RuleSet.read(Fixtures.DEFAULT_RULES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the default rules make of the meter's hub sending AD1 at the instant: an outage for the roll-up. */
    private static Evaluation confirmed(MeterRules rules, RegistryRow meter, Instant at) {
        return rules.evaluate(Fixtures.event(meter, "ad1-" + meter.meterId(), "AD1", at), null);
    }

    @Test
    void metersOffTogetherAreOneFeederOutageAfterTheWindowAndClearingLeavesNoState() throws Exception {
        try (MeterRules rules = DroolsMeterRules.compile(RULES, getClass().getClassLoader());
             var h = new PartHarness<>(context -> RollUpKeeper.outages(ValueStates.of(context)))) {
            OutageRollUp rollUp = new OutageRollUp(rules, RULES, Fixtures.twoLevelNetwork(5, 2));
            long ten = T10_00.toEpochMilli();
            List<Evaluation> off = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Evaluation evaluation = confirmed(rules, onFeeder("F2", i), T10_00);
                off.add(evaluation);
                MeterAlarm outage = evaluation.outages().get(0);
                assertEquals(List.of(), h.get(ten, (k, t) -> k.step(rollUp, s -> rollUp.accept(s, outage), t)),
                        "held for the window");
            }
            assertEquals(T10_00.plus(WINDOW), h.get(ten, (k, t) -> k.nextRelease(rollUp)));
            assertEquals(1, h.timers(), "a timer at the window's end");
            assertEquals(List.of(), h.get(ten, (k, t) -> k.releaseUpTo(ten, at -> rollUp, t)), "not yet due");

            long end = T10_00.plus(WINDOW).toEpochMilli();
            List<Alarm> released = h.get(end, (k, t) -> k.releaseUpTo(end, at -> rollUp, t));
            assertEquals(1, released.size());
            assertEquals(ScopeLevel.FEEDER, released.get(0).scope().level());
            assertEquals(3, released.get(0).meterCount());

            Instant back = T10_00.plus(Duration.ofHours(1));
            List<Alarm> cleared = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Evaluation restored = rules.evaluate(Fixtures.event(onFeeder("F2", i), "back-" + i, "0x8F35", back),
                        off.get(i - 1).state());
                for (MeterAlarm clear : restored.outages()) {
                    cleared.addAll(h.get(back.toEpochMilli(),
                            (k, t) -> k.step(rollUp, s -> rollUp.accept(s, clear), t)));
                }
            }
            assertEquals(List.of(AlarmStatus.CLEARED), cleared.stream().map(Alarm::status).toList(),
                    "one clear, for the feeder, with its last meter");
            assertEquals(0, h.stateEntries(), "nothing kept once the feeder is back");
        }
    }

    /** The keeper and, beside it, a handle on what it keeps due, as a job restored from older state would lack it. */
    private record KeeperAndDue(RollUpKeeper<RollUpState> keeper, ValueState<RollUpDue> due) {
    }

    @Test
    void stateKeptWithoutWhatItHasDueIsReleasedOnTimeAndLearnsItsDueAgain() throws Exception {
        try (MeterRules rules = DroolsMeterRules.compile(RULES, getClass().getClassLoader());
             var h = new PartHarness<KeeperAndDue>(context -> new KeeperAndDue(
                     RollUpKeeper.outages(ValueStates.of(context)),
                     context.getState(new ValueStateDescriptor<>("outage-roll-up-due", GridAlarmTypes.ROLL_UP_DUE))))) {
            OutageRollUp rollUp = new OutageRollUp(rules, RULES, Fixtures.twoLevelNetwork(5, 2));
            long ten = T10_00.toEpochMilli();
            for (int i = 1; i <= 3; i++) {
                MeterAlarm outage = confirmed(rules, onFeeder("F2", i), T10_00).outages().get(0);
                h.at(ten, (k, t) -> k.keeper().step(rollUp, s -> rollUp.accept(s, outage), t));
            }
            assertEquals(new RollUpDue(T10_00, null), h.get(ten, (k, t) -> k.due().value()),
                    "kept beside the state: the window runs from the first held alarm");
            h.at(ten, (k, t) -> k.due().clear());
            assertEquals(1, h.stateEntries(), "the state alone, as an older job kept it");
            assertEquals(false, h.get(ten, (k, t) -> k.keeper().isEmpty()), "the state is still there");
            assertEquals(T10_00.plus(WINDOW), h.get(ten, (k, t) -> k.keeper().nextRelease(rollUp)));
            assertEquals(2, h.stateEntries(), "what it has due is kept again");
            long end = T10_00.plus(WINDOW).toEpochMilli();
            assertEquals(1, h.get(end, (k, t) -> k.keeper().releaseUpTo(end, at -> rollUp, t)).size(),
                    "the feeder's outage, released when its window ends");
            assertEquals(new RollUpDue(null, null), h.get(end, (k, t) -> k.due().value()),
                    "an open feeder outage with nothing due in time");
        }
    }
}
