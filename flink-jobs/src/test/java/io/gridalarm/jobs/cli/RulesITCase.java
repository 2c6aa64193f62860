package io.gridalarm.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.jobs.analyst.RuleSetVersions;
import io.gridalarm.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rules test} and {@code rules diff}, which replay on the embedded MiniCluster. */
class RulesITCase {

    private static final Path DEFAULT = Fixtures.DEFAULT_RULES;

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A copy of the shipped version (scenarios included) whose statutory maximum is 260 V instead of 253 V. */
    private Path higherMaximum() throws Exception {
        Path base = Fixtures.copyDefaultRules(dir.resolve("rules"));
        Path next = RuleSetVersions.newVersion(base, "1.1.0");
        Path thresholds = next.resolve("thresholds.csv");
        Files.writeString(thresholds, Files.readString(thresholds)
                .replace("voltage.statutoryMaxVolts,253.0,", "voltage.statutoryMaxVolts,260.0,"));
        return next;
    }

    @Test
    void theShippedScenariosPassAndEveryRuleFiresInOne() throws IOException {
        CliRun run = run("rules", "test", DEFAULT.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        long scenarios = scenarioCount();
        assertTrue(run.out().contains("gb-default@1.0.0: " + scenarios + " of " + scenarios + " scenarios passed."),
                run.out());
        assertTrue(!run.out().contains("no scenario makes fire"), run.out());
    }

    @Test
    void aChangedThresholdFailsItsScenarioWithAReadableDiff() throws Exception {
        Path version = higherMaximum();
        // The scenarios of voltage from reads, and one the maximum does not touch (the shipped ones all pass above).
        Set<String> kept = Set.of("voltage-from-reads", "voltage-asset-from-reads", "supplier-alerts");
        try (Stream<Path> dirs = Files.list(version.resolve("scenarios"))) {
            for (Path scenario : dirs.filter(d -> !kept.contains(d.getFileName().toString())).toList()) {
                StagedOutputFiles.deleteRecursively(scenario);
            }
        }
        CliRun run = run("rules", "test", version.toString());
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("FAIL voltage-from-reads"), run.out());
        assertTrue(run.out().contains("  - expected: {\"kind\":\"EXTREME_VOLTAGE\",\"status\":\"RAISED\""), run.out());
        assertTrue(run.out().contains("FAIL voltage-asset-from-reads"), run.out());
        assertTrue(run.out().contains("PASS supplier-alerts"), run.out());
        assertTrue(run.out().contains("gb-default@1.1.0: 1 of 3 scenarios passed."), run.out());
    }

    /** The scenarios shipped with the default rule set. */
    private static long scenarioCount() throws IOException {
        try (Stream<Path> dirs = Files.list(DEFAULT.resolve("scenarios"))) {
            return dirs.filter(Files::isDirectory).count();
        }
    }

    private static String read(String meter, String start, double volts) {
        return "{\"meterId\":\"" + meter + "\",\"fuel\":\"ELECTRICITY\",\"start\":\"" + start + "\",\"minutes\":30,"
                + "\"voltageMin\":" + (volts - 1) + ",\"voltageAvg\":" + volts + ",\"voltageMax\":" + (volts + 1) + "}";
    }

    @Test
    void aDiffOfAKnownHistoryCountsExactlyTheAlarmsTheThresholdChanges() throws Exception {
        Path registry = Files.writeString(dir.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n"
                        + "E1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01T00:00:00Z\n"
                        + "E2,ELECTRICITY,F2,S2,10,ALFA,2025-01-01T00:00:00Z\n"
                        + "E3,ELECTRICITY,F3,S3,10,ALFA,2025-01-01T00:00:00Z\n");
        // Each meter alone on its feeder: premise by premise, not one feeder's voltage out of range as a whole.
        List<String> lines = new ArrayList<>();
        double[][] volts = {{258, 259, 240, 240}, {262, 263, 240, 240}, {262, 263, 258, 240}};
        String[] starts = {"2026-11-20T10:00:00Z", "2026-11-20T10:30:00Z", "2026-11-20T11:00:00Z",
                "2026-11-20T11:30:00Z"};
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < starts.length; i++) {
                lines.add(read("E" + (m + 1), starts[i], volts[m][i]));
            }
        }
        Path reads = Files.write(dir.resolve("reads.jsonl"), lines);
        Path out = dir.resolve("diff");
        CliRun run = run("rules", "diff", DEFAULT.toString(), higherMaximum().toString(), "--registry",
                registry.toString(), "--reads", reads.toString(), "--out", out.toString(), "--parallelism", "1");
        assertEquals(0, run.code(), run.out() + run.err());
        // E1 (258, 259 V) is no excursion under 260 V: its raise and clear are removed. E2 (262, 263 V) and E3 are
        // still raised at the same time, but their raise states the new maximum. E3 ends half an hour earlier
        // (258 V is now inside the range): its clear changed too. E2's clear is the same.
        assertTrue(run.out().contains("network-operator/10"), run.out());
        assertTrue(run.out().matches("(?s).*total\\s+0\\s+2\\s+3\\s.*"), run.out());
        JsonNode diff = Json.mapper().readTree(out.resolve("diff.json").toFile());
        assertEquals(0, diff.path("totals").path("added").asInt());
        assertEquals(2, diff.path("totals").path("removed").asInt());
        assertEquals(3, diff.path("totals").path("changed").asInt());
        for (JsonNode removed : diff.path("removed")) {
            assertEquals("E1", removed.path("alarm").path("scope").path("id").asText());
        }
        List<String> changes = new ArrayList<>();
        for (JsonNode changed : diff.path("changed")) {
            changes.add(changed.path("new").path("scope").path("id").asText() + " "
                    + changed.path("new").path("status").asText() + " " + changed.path("fields"));
        }
        changes.sort(null);
        assertEquals(List.of("E2 RAISED [\"details.statutoryMaxVolts\"]",
                "E3 CLEARED [\"details.durationMinutes\",\"details.highestVolts\",\"details.lowestVolts\","
                        + "\"details.normalFrom\",\"time\"]",
                "E3 RAISED [\"details.statutoryMaxVolts\"]"), changes);
        String html = Files.readString(out.resolve("diff.html"));
        assertTrue(html.contains("<h2>Removed (2)</h2>") && html.contains("<h2>Changed (3)</h2>"), html);
    }

    @Test
    void aVersionWrittenAsADecisionTableIsCheckedAndTestedLikeDrl() throws Exception {
        Path version = Files.createDirectories(dir.resolve("rules").resolve("tables").resolve("1.0.0"));
        Files.copy(DEFAULT.resolve("thresholds.csv"), version.resolve("thresholds.csv"));
        Files.copy(Path.of("../rules/src/test/resources/decision-tables/supplier-codes.dt.csv"),
                version.resolve("supplier-codes.dt.csv"));
        Path scenario = Files.createDirectories(version.resolve("scenarios").resolve("codes"));
        Files.writeString(scenario.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n"
                        + "E1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01T00:00:00Z\n");
        Files.writeString(scenario.resolve("events.jsonl"),
                "{\"eventId\":\"a\",\"meterId\":\"E1\",\"fuel\":\"ELECTRICITY\",\"code\":\"0x8F3F\","
                        + "\"time\":\"2026-11-20T10:00:00Z\"}\n"
                        + "{\"eventId\":\"b\",\"meterId\":\"E1\",\"fuel\":\"ELECTRICITY\",\"code\":\"0x81BD\","
                        + "\"time\":\"2026-11-20T10:05:00Z\"}\n");
        Files.writeString(scenario.resolve("expected.jsonl"),
                "{\"kind\":\"TABLE_TAMPER\",\"status\":\"RAISED\",\"recipients\":[\"supplier/ALFA\"],"
                        + "\"rule\":\"Table tamper detect\",\"details\":{\"code\":\"0x8F3F\"}}\n"
                        + "{\"kind\":\"TABLE_CONTROL_FAILURE\",\"status\":\"RAISED\",\"rule\":\"Table connect failure\"}\n");
        CliRun check = run("rules", "check", version.toString());
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().contains("tables@1.0.0: OK, 2 rules in 1 files"), check.out());
        CliRun test = run("rules", "test", version.toString());
        assertEquals(0, test.code(), test.out() + test.err());
        assertTrue(test.out().contains("PASS codes") && test.out().contains("1 of 1 scenarios passed"), test.out());
    }
}
