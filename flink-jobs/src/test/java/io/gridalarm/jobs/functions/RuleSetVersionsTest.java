package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T11_00;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.Json;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule-set versions by the event time they apply from: published ones compiled once, bad ones refused. */
class RuleSetVersionsTest {

    @TempDir
    Path dir;

    private static final RuleSetVersions.Compiler COMPILER = ruleSet -> new RuleSetVersions.Version(
            RuleEngine.DROOLS.create(ruleSet, RuleSetVersionsTest.class.getClassLoader()), null, ruleSet.thresholds());

    private String published(String version, Instant from, String extraDrl) throws Exception {
        Path copy = Fixtures.copyDefaultRules(dir.resolve(version));
        Path renamed = Files.move(copy, copy.resolveSibling(version));
        if (extraDrl != null) {
            Files.writeString(renamed.resolve("extra.drl"), extraDrl);
        }
        return Json.line(RuleSetPackage.of(renamed, from));
    }

    @Test
    void aPublishedVersionAppliesFromItsEventTimeAndTheBaseOneBefore() throws Exception {
        RuleSetVersions versions = new RuleSetVersions(COMPILER, RuleSet.read(Fixtures.DEFAULT_RULES));
        RuleSetStatus status = versions.publish(published("1.1.0", T11_00, null), 3);
        assertEquals(RuleSetStatus.Status.ACTIVE, status.status());
        assertEquals("gb-default@1.1.0", status.ruleSet());
        assertEquals(3, status.subtask());
        assertEquals(T11_00, status.effectiveFrom());
        assertEquals("gb-default@1.0.0", versions.at(T10_00.toEpochMilli(), List::of).rules().ruleSetId());
        assertEquals("gb-default@1.1.0", versions.at(T11_00.toEpochMilli(), List::of).rules().ruleSetId());
        versions.close((rule, count) -> { });
    }

    @Test
    void aVersionThatDoesNotCompileIsRefusedWithFileAndLineAndTheOldOneRunsOn() throws Exception {
        RuleSetVersions versions = new RuleSetVersions(COMPILER, RuleSet.read(Fixtures.DEFAULT_RULES));
        RuleSetVersions.Version before = versions.at(T11_00.toEpochMilli(), List::of);
        RuleSetStatus status = versions.publish(published("1.2.0", T10_00,
                "package x;\nrule \"broken\"\nwhen\n  NoSuchFact( )\nthen\nend\n"), 0);
        assertEquals(RuleSetStatus.Status.REFUSED, status.status());
        assertTrue(status.problems().get(0).startsWith("extra.drl:"), status.problems().toString());
        assertSame(before, versions.at(T11_00.toEpochMilli(), List::of));
        assertEquals(RuleSetStatus.Status.REFUSED, versions.publish("{not json", 0).status());
        versions.close((rule, count) -> { });
    }

    @Test
    void afterARestoreTheVersionsInBroadcastStateAreCompiledOnFirstUse() throws Exception {
        Map<Long, String> broadcast = new TreeMap<>(Map.of(T11_00.toEpochMilli(), published("1.3.0", T11_00, null)));
        RuleSetVersions restored = new RuleSetVersions(COMPILER, RuleSet.read(Fixtures.DEFAULT_RULES));
        assertEquals("gb-default@1.3.0",
                restored.at(T11_00.toEpochMilli(), broadcast::entrySet).rules().ruleSetId());
        restored.close((rule, count) -> { });
    }
}
