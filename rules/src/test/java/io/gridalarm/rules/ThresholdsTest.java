package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.ELECTRIC;
import static io.gridalarm.rules.Fixtures.at;
import static io.gridalarm.rules.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thresholds Java reads: named, required exactly when the rules use the step that reads them, never defaulted. */
class ThresholdsTest {

    @TempDir
    Path root;

    private Path version(String drl, String thresholds) throws IOException {
        Path dir = Files.createDirectories(root.resolve("steps").resolve("1.0.0"));
        Files.writeString(dir.resolve("thresholds.csv"), "name,value,unit,description\n" + thresholds);
        Files.writeString(dir.resolve("rules.drl"), "package gridalarm.test;\n"
                + "import io.gridalarm.rules.fact.*;\nglobal io.gridalarm.rules.AlarmCollector alarms;\n" + drl);
        return dir;
    }

    @Test
    void theDefaultRuleSetUsesEveryStepAndEachAccessorReadsItsThreshold() throws Exception {
        Thresholds thresholds = RuleSet.read(Fixtures.DEFAULT_RULES).thresholds();
        assertEquals(EnumSet.allOf(Thresholds.Step.class), thresholds.steps());
        assertEquals(Duration.ofMinutes(3), thresholds.confirmationDelay());
        assertEquals(Duration.ofMinutes(2), thresholds.groupWindow());
        assertEquals(Duration.ofMinutes(60), thresholds.nestedDelay());
        assertEquals(0.5, thresholds.nestedRestoredShare());
        assertEquals(0.01, thresholds.updateMinShare());
        assertEquals(4.0, thresholds.commsLossIntervals());
        assertEquals(new Thresholds.StatusReads(5, Duration.ofSeconds(2)), thresholds.statusReads());
    }

    @Test
    void restorationVerificationIsOffWithoutItsThresholdsAndHalfOfThemIsRefused() throws Exception {
        String rule = "rule \"tamper\" when $a : AlertFact( ) then end\n";
        assertNull(RuleSet.read(version(rule, "")).thresholds().statusReads(), "no reads unless asked for");
        assertNull(RuleSet.read(version(rule, "verification.statusReadsPerNestedOutage,0,meters,none\n"
                + "verification.statusReadsPerMinute,10,reads,pace\n")).thresholds().statusReads(), "zero meters: none");
        Path half = version(rule, "verification.statusReadsPerNestedOutage,3,meters,some\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(half));
        assertEquals(List.of(half.toAbsolutePath().resolve("thresholds.csv") + ": Restoration verification needs "
                + "both verification.statusReadsPerNestedOutage (zero or more) and verification.statusReadsPerMinute "
                + "(more than zero); the rule set has 3.0 and null."), e.problems());
    }

    @Test
    void everyChangeIsWorthAnUpdateWithoutTheUpdateShareAndAShareAboveOneIsRefused() throws Exception {
        String rule = "rule \"tamper\" when $a : AlertFact( ) then end\n";
        assertEquals(0.0, RuleSet.read(version(rule, "")).thresholds().updateMinShare());
        Path tooMuch = version(rule, "outage.updateMinShare,1.5,share,more than all\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(tooMuch));
        assertEquals(List.of(tooMuch.toAbsolutePath().resolve("thresholds.csv") + ": The threshold "
                + "outage.updateMinShare is a share of a group's meters, from 0 to 1, not 1.5."), e.problems());
    }

    @Test
    void rulesOnSupplyEventsWithoutTheConfirmationDelayAreRefusedNamingTheFileAndTheThreshold() throws IOException {
        Path dir = version("rule \"lost\" when SupplyEvent( ) then end\n", "");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(dir));
        assertEquals(List.of(dir.toAbsolutePath().resolve("thresholds.csv") + ": the threshold "
                + "'outage.confirmationMinutes' is not defined; the rules use supply (SupplyEvent facts), which reads "
                + "it"), e.problems());
    }

    @Test
    void everyThresholdTheRollUpReadsIsRequiredOnceARuleLooksAtAnAsset() throws IOException {
        Path dir = version("rule \"feeder\" when AssetStatus( metersOff > 1 ) then end\n",
                "outage.groupWindowMinutes,2,minutes,window\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(dir));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("'outage.updateMinutes'"), e.getMessage());
        assertTrue(e.problems().get(1).contains("'outage.nestedRestoredShare'"), e.getMessage());
        assertTrue(e.problems().get(2).contains("'outage.nestedDelayMinutes'"), e.getMessage());
    }

    @Test
    void aRuleSetThatUsesNoStepHasNoneRunningAndReadsNothing() throws Exception {
        Path dir = version("rule \"tamper\" when $a : AlertFact( ) then end\n", "");
        RuleSet ruleSet = RuleSet.read(dir);
        assertTrue(ruleSet.thresholds().steps().isEmpty());
        assertFalse(ruleSet.thresholds().uses(Thresholds.Step.SILENCE));
        assertThrows(IllegalArgumentException.class, () -> ruleSet.thresholds().commsLossIntervals());
        try (DroolsMeterRules rules = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader())) {
            Evaluation ad1 = rules.evaluate(event(ELECTRIC, "h", "AD1", at("10:03")), null);
            assertEquals(List.of(), ad1.supplyEvents(), "no supply tracking for rules that do not use it");
            assertNull(ad1.state());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new OutageRollUp(null, ruleSet, Fixtures.network(List.of(), Map.of())));
    }
}
