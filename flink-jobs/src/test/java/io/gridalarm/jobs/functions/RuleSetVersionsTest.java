package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T11_00;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.Json;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetPackage;
import io.gridalarm.rules.RuleSetSigning;
import io.gridalarm.rules.Thresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule-set versions by the event time they apply from: published ones run only when a trusted key signed them, are
 * compiled once, and a bad one is refused while the versions before it run on.
 */
class RuleSetVersionsTest {

    @TempDir
    Path dir;

    private static final RuleSetVersions.Compiler COMPILER = ruleSet -> new RuleSetVersions.Version(
            RuleEngine.DROOLS.create(ruleSet, RuleSetVersionsTest.class.getClassLoader()), null, null,
            ruleSet.thresholds());

    private Path analystsKey;
    private Map<String, String> trusted;

    @BeforeEach
    void analystsKeys() throws Exception {
        RuleSetSigning.generate(dir.resolve("keys"), "analysts");
        analystsKey = dir.resolve("keys").resolve("analysts.key");
        trusted = RuleSetSigning.trustedKeys(List.of(dir.resolve("keys").resolve("analysts.pub")));
    }

    private RuleSetPackage unsigned(String version, Instant from, String extraDrl) throws Exception {
        Path copy = Fixtures.copyDefaultRules(dir.resolve(version));
        Path renamed = Files.move(copy, copy.resolveSibling(version));
        if (extraDrl != null) {
            Files.writeString(renamed.resolve("extra.drl"), extraDrl);
        }
        return RuleSetPackage.of(renamed, from);
    }

    private String signed(String version, Instant from, String extraDrl) throws Exception {
        return Json.line(RuleSetSigning.sign(unsigned(version, from, extraDrl), analystsKey));
    }

    private RuleSetVersions versions() throws Exception {
        return new RuleSetVersions(COMPILER, RuleSet.read(Fixtures.DEFAULT_RULES), trusted);
    }

    @Test
    void aPublishedVersionAppliesFromItsEventTimeAndTheBaseOneBefore() throws Exception {
        RuleSetVersions versions = versions();
        RuleSetStatus status = versions.publish(signed("1.1.0", T11_00, null), 3);
        assertEquals(RuleSetStatus.Status.ACTIVE, status.status(), status.problems().toString());
        assertEquals("gb-default@1.1.0", status.ruleSet());
        assertEquals(3, status.subtask());
        assertEquals(T11_00, status.effectiveFrom());
        assertEquals("gb-default@1.0.0", versions.at(T10_00.toEpochMilli(), List::of).rules().ruleSetId());
        assertEquals("gb-default@1.1.0", versions.at(T11_00.toEpochMilli(), List::of).rules().ruleSetId());
        versions.close((rule, count) -> { });
    }

    @Test
    void aVersionThatDoesNotCompileIsRefusedWithFileAndLineAndTheOldOneRunsOn() throws Exception {
        RuleSetVersions versions = versions();
        RuleSetVersions.Version before = versions.at(T11_00.toEpochMilli(), List::of);
        RuleSetStatus status = versions.publish(signed("1.2.0", T10_00,
                "package x;\nrule \"broken\"\nwhen\n  NoSuchFact( )\nthen\nend\n"), 0);
        assertEquals(RuleSetStatus.Status.REFUSED, status.status());
        assertTrue(status.problems().get(0).startsWith("extra.drl:"), status.problems().toString());
        assertSame(before, versions.at(T11_00.toEpochMilli(), List::of));
        assertEquals(RuleSetStatus.Status.REFUSED, versions.publish("{not json", 0).status());
        versions.close((rule, count) -> { });
    }

    @Test
    void versionsNotSignedByATrustedKeyAreRefusedBeforeAnyOfThemIsWrittenOrCompiled() throws Exception {
        RuleSetVersions versions = versions();
        // A version name of this run alone, to look for in the folder where published versions are unpacked.
        String version = "1.3.0-refused" + System.nanoTime();
        RuleSetPackage plain = unsigned(version, T10_00, null);
        assertEquals(List.of("the version is not signed; this job runs only versions signed by a key it trusts"),
                versions.publish(Json.line(plain), 0).problems());

        RuleSetSigning.generate(dir.resolve("intruder"), "analysts");
        RuleSetPackage foreign = RuleSetSigning.sign(plain, dir.resolve("intruder").resolve("analysts.key"));
        assertTrue(versions.publish(Json.line(foreign), 0).problems().get(0).endsWith("which this job does not trust"));

        // Signed by the right key, then a rule file swapped for one that would write to the disk.
        RuleSetPackage signed = RuleSetSigning.sign(plain, analystsKey);
        Map<String, String> files = new TreeMap<>(signed.files());
        files.put("extra.drl", Base64.getEncoder().encodeToString(
                "rule \"x\" when then java.nio.file.Files.writeString(null, \"\"); end".getBytes(StandardCharsets.UTF_8)));
        RuleSetPackage tampered = new RuleSetPackage(signed.name(), signed.version(), signed.effectiveFrom(), files,
                signed.keyId(), signed.signature());
        RuleSetStatus status = versions.publish(Json.line(tampered), 0);
        assertEquals(RuleSetStatus.Status.REFUSED, status.status());
        assertTrue(status.problems().get(0).contains("does not match the version's content"), status.toString());
        // A later effectiveFrom, resigned with the trusted key after the fact: its content is what was signed.
        RuleSetPackage moved = new RuleSetPackage(signed.name(), signed.version(), T11_00, signed.files(),
                signed.keyId(), signed.signature());
        assertEquals(RuleSetStatus.Status.REFUSED, versions.publish(Json.line(moved), 0).status(),
                "the time a version applies from is signed too");
        assertEquals("gb-default@1.0.0", versions.at(T11_00.toEpochMilli(), List::of).rules().ruleSetId());
        Path unpackedRoot = Path.of(System.getProperty("java.io.tmpdir"), "gridalarm-rule-sets");
        if (Files.isDirectory(unpackedRoot)) {
            try (var unpacked = Files.walk(unpackedRoot, 3)) {
                assertTrue(unpacked.noneMatch(p -> p.endsWith(Path.of("gb-default", version))),
                        "nothing of them was written");
            }
        }
        versions.close((rule, count) -> { });
    }

    @Test
    void outagesHeldUnderARollUpAreStillReleasedAfterAVersionWithoutRollUpRulesTakesOver() throws Exception {
        RuleSetVersions.Compiler withRollUp = ruleSet -> {
            var rules = RuleEngine.DROOLS.create(ruleSet, getClass().getClassLoader());
            return new RuleSetVersions.Version(rules, ruleSet.thresholds().uses(Thresholds.Step.ROLL_UP)
                    ? new OutageRollUp(rules, ruleSet, Fixtures.twoLevelNetwork(5, 2)) : null, null,
                    ruleSet.thresholds());
        };
        RuleSetVersions versions = new RuleSetVersions(withRollUp, RuleSet.read(Fixtures.DEFAULT_RULES), trusted);
        Path tamperOnly = Files.createDirectories(dir.resolve("tamper-only").resolve("gb-tamper").resolve("2.0.0"));
        Files.writeString(tamperOnly.resolve("thresholds.csv"), "name,value\n");
        Files.writeString(tamperOnly.resolve("tamper.drl"), "package t;\nimport io.gridalarm.rules.fact.AlertFact;\n"
                + "global io.gridalarm.rules.AlarmCollector alarms;\nrule \"seen\" when AlertFact( ) then end\n");
        RuleSetStatus status = versions.publish(Json.line(RuleSetSigning.sign(RuleSetPackage.of(tamperOnly, T11_00),
                analystsKey)), 0);
        assertEquals(RuleSetStatus.Status.ACTIVE, status.status(), status.problems().toString());
        OutageRollUp base = versions.at(T10_00.toEpochMilli(), List::of).rollUp();
        assertEquals(null, versions.at(T11_00.toEpochMilli(), List::of).rollUp());
        assertSame(base, versions.rollUpAt(T11_00.toEpochMilli(), List::of));
        assertSame(base, versions.rollUpAt(T10_00.toEpochMilli(), List::of));
        versions.close((rule, count) -> { });
    }

    @Test
    void afterARestoreTheVersionsInBroadcastStateAreCompiledOnFirstUseIfTheirKeyIsStillTrusted() throws Exception {
        Map<Long, String> broadcast = new TreeMap<>(Map.of(T11_00.toEpochMilli(), signed("1.4.0", T11_00, null)));
        RuleSetVersions restored = versions();
        assertEquals("gb-default@1.4.0", restored.at(T11_00.toEpochMilli(), broadcast::entrySet).rules().ruleSetId());
        restored.close((rule, count) -> { });

        RuleSetVersions distrustful = new RuleSetVersions(COMPILER, RuleSet.read(Fixtures.DEFAULT_RULES), Map.of());
        assertEquals("gb-default@1.0.0",
                distrustful.at(T11_00.toEpochMilli(), broadcast::entrySet).rules().ruleSetId(),
                "a job restarted without the key does not run what it signed");
        distrustful.close((rule, count) -> { });
    }
}
