package io.gridalarm.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.analyst.RuleSetVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gridalarm rules check / new-version / release} over real rule-set folders, broken in each way. */
class RulesCommandTest {

    private static final Path DEFAULT = Fixtures.DEFAULT_RULES;
    private static final String HEADER = "package gridalarm.test;\n"
            + "import io.gridalarm.model.Severity;\n"
            + "import io.gridalarm.rules.fact.AlertFact;\n"
            + "global io.gridalarm.rules.AlarmCollector alarms;\n";

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A copy of the default rule set as version {@code version}, plus one extra DRL file. */
    private Path versionWith(String version, String extraDrl) throws Exception {
        Path base = dir.resolve("rules").resolve("gb-default").resolve("1.0.0");
        if (!Files.exists(base)) {
            Fixtures.copyDefaultRules(dir.resolve("rules"));
        }
        Path target = RuleSetVersions.newVersion(base, version);
        if (extraDrl != null) {
            Files.writeString(target.resolve("extra.drl"), HEADER + extraDrl);
        }
        return target;
    }

    private CliRun check(Path version) {
        return run("rules", "check", version.toString());
    }

    private static void assertProblem(CliRun run, String fileAndLine, String message) {
        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(fileAndLine), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void theShippedVersionChecksClean() {
        CliRun run = check(DEFAULT);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("gb-default@1.0.0: OK, 31 rules in 8 files, 34 thresholds"), run.out());
    }

    @Test
    void aSyntaxErrorIsReportedWithFileAndLine() throws Exception {
        Path v = versionWith("1.0.1", "rule \"broken\"\nwhen\n  $e : AlertFact( code == )\nthen\nend\n");
        assertProblem(check(v), "extra.drl:7", "");
    }

    @Test
    void anUnknownFactTypeOrFieldIsReported() throws Exception {
        Path type = versionWith("1.0.2", "rule \"ghost\"\nwhen\n  $e : GhostFact( )\nthen\nend\n");
        assertProblem(check(type), "extra.drl:7", "GhostFact");
        Path field = versionWith("1.0.3", "rule \"no field\"\nwhen\n  $e : AlertFact( colour == \"red\" )\nthen\nend\n");
        assertProblem(check(field), "extra.drl:7", "colour");
    }

    @Test
    void aMissingThresholdIsReported() throws Exception {
        Path v = versionWith("1.0.4", "import io.gridalarm.rules.fact.Threshold;\nrule \"t\"\nwhen\n"
                + "  Threshold( name == \"voltage.nonsense\" )\nthen\nend\n");
        assertProblem(check(v), "extra.drl:8", "the threshold 'voltage.nonsense' is not defined");
    }

    @Test
    void aRuleThatWritesAFileThroughAnAllowedPackageIsRefusedByCheckAndNeverRunsInAReplay() throws Exception {
        Path marker = dir.resolve("pwned");
        Path v = versionWith("1.0.4", "rule \"format a file\"\nwhen\n  $e : AlertFact( )\nthen\n"
                + "  new java.util.Formatter( \"" + marker + "\" ).close();\nend\n");
        assertProblem(check(v), "extra.drl:5: rule \"format a file\"", "uses java.util.Formatter");
        Path samples = Path.of("../samples");
        CliRun replay = run("replay", "--registry", samples.resolve("registry.csv").toString(), "--events",
                samples.resolve("events.jsonl").toString(), "--rules", v.toString(), "--out",
                dir.resolve("out").toString(), "--quiet");
        assertProblem(replay, "extra.drl:5: rule \"format a file\"", "uses java.util.Formatter");
        assertFalse(Files.exists(marker), "the rule ran");
    }

    @Test
    void aBadVersionFolderIsReported() throws Exception {
        Path v = versionWith("1.0.5", null);
        Path bad = Files.move(v, v.resolveSibling("latest"));
        assertProblem(check(bad), "latest", "the version folder 'latest' is not a version such as 1.0.0");
    }

    @Test
    void rulesThatReachTheJvmFilesOrReflectionAreRefused() throws Exception {
        Path exit = versionWith("1.0.6", "rule \"exit\"\nwhen\n  $e : AlertFact( )\nthen\n  System.exit(1);\nend\n");
        assertProblem(check(exit), "extra.drl:9", "'System' is not allowed in rules");
        Path io = versionWith("1.0.7", "import java.nio.file.Files;\nrule \"io\"\nwhen\n  $e : AlertFact( )\nthen\n"
                + "  Files.delete(java.nio.file.Path.of(\"/etc/passwd\"));\nend\n");
        assertProblem(check(io), "extra.drl:5", "the import of java.nio.file.Files is not allowed");
        Path reflection = versionWith("1.0.8", "rule \"reflect\"\nwhen\n  $e : AlertFact( )\nthen\n"
                + "  $e.getClass().getDeclaredMethods();\nend\n");
        assertProblem(check(reflection), "extra.drl:9", "'getClass' is not allowed in rules");
        Path comment = versionWith("1.0.9", "// System.exit is only mentioned here\nrule \"fine\"\nwhen\n"
                + "  $e : AlertFact( code == \"System\" )\nthen\nend\n");
        assertEquals(0, check(comment).code(), "comments and strings may mention anything");
    }

    @Test
    void aReleasedVersionThatChangesIsRefusedAndNewVersionMakesAnEditableCopy() throws Exception {
        Path v = versionWith("2.0.0", null);
        CliRun release = run("rules", "release", v.toString());
        assertEquals(0, release.code(), release.err());
        assertEquals(0, check(v).code());
        assertTrue(check(v).out().contains("released (checksums match)"));
        Files.writeString(v.resolve("thresholds.csv"), "voltage.extra,1,V,added\n", StandardOpenOption.APPEND);
        assertProblem(check(v), "thresholds.csv", "changed since the version was released");

        CliRun copy = run("rules", "new-version", v.toString(), "2.1.0");
        assertEquals(0, copy.code(), copy.err());
        assertFalse(Files.exists(v.resolveSibling("2.1.0").resolve("checksums.sha256")));
        assertEquals(0, check(v.resolveSibling("2.1.0")).code(), "the copy is not released, so it may change");
        CliRun again = run("rules", "new-version", v.toString(), "2.1.0");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists already"), again.err());
    }

    @Test
    void aDecisionTableIsCheckedLikeADrlFile() throws Exception {
        Path v = versionWith("3.0.0", null);
        Files.copy(Path.of("../rules/src/test/resources/decision-tables/supplier-codes.dt.csv"),
                v.resolve("supplier-codes.dt.csv"));
        CliRun ok = check(v);
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("OK, 33 rules in 9 files"), ok.out());
        Files.writeString(v.resolve("supplier-codes.dt.csv"), Files.readString(v.resolve("supplier-codes.dt.csv"))
                .replace("Severity.$2", "Severity.$2); Runtime.getRuntime().halt(1"));
        assertProblem(check(v), "supplier-codes.dt.csv (generated DRL)", "'Runtime' is not allowed in rules");
    }

    @Test
    void publishRefusesAVersionThatDoesNotCheckBeforeContactingAnyBroker() throws Exception {
        Path v = versionWith("4.0.0", "rule \"exit\"\nwhen\n  $e : AlertFact( )\nthen\n  System.exit(1);\nend\n");
        CliRun run = run("rules", "publish", v.toString(), "--bootstrap", "127.0.0.1:1", "--key",
                dir.resolve("none.key").toString());
        assertProblem(run, "extra.drl:9", "'System' is not allowed in rules");
    }

    @Test
    void publishNeedsTheAnalystsKeyAndKeygenMakesOneThatNeverOverwrites() throws Exception {
        Path v = versionWith("5.0.0", null);
        CliRun unsigned = run("rules", "publish", v.toString(), "--bootstrap", "127.0.0.1:1");
        assertEquals(2, unsigned.code());
        assertTrue(unsigned.err().contains("Missing required option: '--key=NAME.key'"), unsigned.err());
        CliRun keygen = run("rules", "keygen", "--out", dir.resolve("keys").toString());
        assertEquals(0, keygen.code(), keygen.err());
        assertTrue(Files.readString(dir.resolve("keys").resolve("analysts.pub")).strip().length() > 40);
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("keys").resolve("analysts.key"))));
        CliRun again = run("rules", "keygen", "--out", dir.resolve("keys").toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists already; a key is never overwritten"), again.err());
        CliRun notAKey = run("rules", "publish", v.toString(), "--bootstrap", "127.0.0.1:1", "--key",
                dir.resolve("keys").resolve("analysts.pub").toString());
        assertEquals(2, notAKey.code());
        assertTrue(notAKey.err().contains("not an Ed25519 private key"), notAKey.err());
    }
}
