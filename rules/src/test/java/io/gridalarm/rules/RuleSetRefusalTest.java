package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule sets that cannot be used are refused with file, line and reason. */
class RuleSetRefusalTest {

    private static final String HEADER = "name,value,unit,description\n";

    @TempDir
    Path root;

    private Path version(String name, String version) throws IOException {
        return Files.createDirectories(root.resolve(name).resolve(version));
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path dir = version("broken", "1.0.0");
        Files.writeString(dir.resolve("thresholds.csv"), HEADER);
        Files.writeString(dir.resolve("bad.drl"), """
                package gridalarm.test;
                import io.gridalarm.rules.fact.ReadFact;

                rule "typo in a field"
                    when
                        ReadFact( lowestVoltz < 200 )
                    then
                end
                """);
        RuleSetException e = assertThrows(RuleSetException.class, () -> DroolsMeterRules.load(dir));
        assertEquals(1, e.problems().size(), e.getMessage());
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith(dir.resolve("bad.drl").toAbsolutePath() + ":6: "), problem);
        assertTrue(problem.contains("lowestVoltz"), problem);
    }

    @Test
    void aThresholdTheRulesUseMustBeDefined() throws IOException {
        Path dir = version("missing", "2.1.0");
        Files.writeString(dir.resolve("thresholds.csv"), HEADER + "voltage.max,253,V,upper\n");
        Files.writeString(dir.resolve("r.drl"), """
                package gridalarm.test;
                import io.gridalarm.rules.fact.Threshold;
                rule "uses a missing threshold"
                    when
                        Threshold( name == "voltage.min" )
                    then
                end
                """);
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(dir));
        assertEquals(dir.resolve("r.drl").toAbsolutePath() + ":5: the threshold 'voltage.min' is not defined in "
                + "thresholds.csv", e.problems().get(0));
    }

    @Test
    void aBadThresholdValueAndABadVersionFolderAreBothReported() throws IOException {
        Path dir = version("bad-values", "latest");
        Files.writeString(dir.resolve("thresholds.csv"), HEADER + "# a comment\na,1\nb,lots,\"V, volts\"\n");
        Files.writeString(dir.resolve("r.drl"), "package p;\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(dir));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("'latest' is not a version"), e.getMessage());
        assertEquals(dir.resolve("thresholds.csv").toAbsolutePath() + ":4: the value 'lots' of 'b' is not a number, "
                + "true or false", e.problems().get(1));
    }

    @Test
    void aFolderWithoutThresholdsOrRulesIsRefused() throws IOException {
        Path dir = version("empty", "1.0.0");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(dir));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void theDefaultRuleSetReadsCleanly() throws Exception {
        RuleSet ruleSet = RuleSet.read(Fixtures.DEFAULT_RULES);
        assertEquals("gb-default@1.0.0", ruleSet.id());
        assertEquals(253.0, ruleSet.threshold("voltage.statutoryMaxVolts"));
    }
}
