package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule set is compiled once per JVM and content; a changed file is compiled anew. */
class KieBasesTest {

    @TempDir
    Path root;

    @Test
    void theSameContentIsCompiledOnceAndAChangedThresholdGivesANewKieBase() throws Exception {
        Path copy = Fixtures.copyDefaultRules(root, "gb-cache", text -> text);
        ClassLoader loader = getClass().getClassLoader();
        var first = KieBases.compiled(RuleSet.read(copy), loader);
        assertSame(first, KieBases.compiled(RuleSet.read(copy), loader), "read again, not compiled again");
        Path thresholds = copy.resolve(RuleSet.THRESHOLDS_FILE);
        Files.writeString(thresholds, Files.readString(thresholds).replace("voltage.consecutiveIntervals,2,",
                "voltage.consecutiveIntervals,3,"));
        assertNotSame(first, KieBases.compiled(RuleSet.read(copy), loader));
    }
}
