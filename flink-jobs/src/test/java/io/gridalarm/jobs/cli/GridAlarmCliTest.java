package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Bad flags and files give a message and a non-zero exit, never a stack trace. */
class GridAlarmCliTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assertNoStackTrace(CliRun run) {
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void anUnknownFlagPrintsUsage() {
        CliRun run = run("replay", "--registry", "r.csv", "--out", "x", "--frobnicate");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Unknown option: '--frobnicate'"), run.err());
        assertTrue(run.err().contains("Usage: gridalarm replay"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void aMissingInputFileIsAUsageError() {
        CliRun run = run("replay", "--registry", dir.resolve("nope.csv").toString(), "--out", dir.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("The registry file " + dir.resolve("nope.csv") + " does not exist"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void noCommandAndABadNumberArePolitelyRefused() {
        assertEquals(2, run().code());
        CliRun run = run("generate", "--meters", "lots", "--days", "1", "--out", dir.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Invalid value for option '--meters'"), run.err());
        assertEquals(2, run("generate", "--meters", "0", "--days", "1", "--out", dir.toString()).code());
    }

    @Test
    void aBrokenRuleSetIsRefusedWithFileAndLineBeforeAnyJob() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules/broken/1.0.0"));
        Files.writeString(rules.resolve("thresholds.csv"), "name,value\n");
        Files.writeString(rules.resolve("bad.drl"), "package p;\nrule \"x\" when\n  Nonsense( )\nthen end\n");
        Path registry = Files.writeString(dir.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n");
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");
        CliRun run = run("replay", "--registry", registry.toString(), "--events", events.toString(), "--rules",
                rules.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains(rules.toAbsolutePath().resolve("bad.drl") + ":3: "), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void aBadRegistryRowIsRefusedWithFileAndLine() throws Exception {
        Path registry = Files.writeString(dir.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\nm1,OIL,F,S,12,A,2026-01-01\n");
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");
        CliRun run = run("replay", "--registry", registry.toString(), "--events", events.toString(), "--rules",
                Fixtures.DEFAULT_RULES.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains(registry + ":2: fuel 'OIL'"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void aMeterWithTwoRegistryRowsFromTheSameInstantIsRefusedWithFileAndMeter() throws Exception {
        // Rows far apart in the file: only the job's gathering by meter sees them together.
        Path registry = Files.writeString(dir.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n"
                        + "m1,ELECTRICITY,F,S,12,ALFA,2026-01-01\n"
                        + "m2,ELECTRICITY,F,S,12,ALFA,2026-01-01\n"
                        + "m1,ELECTRICITY,F,S,12,BRAVO,2026-01-01T00:00:00Z\n");
        Path events = Files.writeString(dir.resolve("events.jsonl"), "");
        CliRun run = run("replay", "--registry", registry.toString(), "--events", events.toString(), "--rules",
                Fixtures.DEFAULT_RULES.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains(registry + ": Meter m1 has two registry rows valid from 2026-01-01T00:00:00Z"),
                run.err());
        assertNoStackTrace(run);
    }

    @Test
    void runWithoutABrokerAddressPrintsUsage() {
        CliRun run = run("run", "--registry", "r.csv");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Missing required option: '--bootstrap=HOST:PORT'"), run.err());
        assertTrue(run.err().contains("Usage: gridalarm run"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void runRefusesAnUnreadableDurationAndABadAddressWithASentence() throws Exception {
        Path registry = Files.writeString(dir.resolve("r.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n");
        CliRun duration = run("run", "--bootstrap", "127.0.0.1:9092", "--registry", registry.toString(),
                "--checkpoint-interval", "5 fortnights");
        assertEquals(2, duration.code());
        assertTrue(duration.err().contains("'5 fortnights' is not a duration; write e.g. 500ms"), duration.err());
        CliRun address = run("run", "--bootstrap", "localhost", "--registry", registry.toString());
        assertEquals(2, address.code());
        assertTrue(address.err().contains("The Kafka bootstrap address must be host:port"), address.err());
        CliRun influx = run("run", "--bootstrap", "localhost:9092", "--registry", registry.toString(),
                "--influx", "127.0.0.1:8086");
        assertEquals(2, influx.code());
        assertTrue(influx.err().contains("The InfluxDB address must start with http:// or https://"), influx.err());
        CliRun backend = run("run", "--bootstrap", "localhost:9092", "--registry", registry.toString(),
                "--state-backend", "memory");
        assertEquals(2, backend.code());
        assertTrue(backend.err().contains("'memory' is not a state backend: hashmap or rocksdb"), backend.err());
        CliRun delivery = run("run", "--bootstrap", "localhost:9092", "--registry", registry.toString(),
                "--delivery", "exactly-twice");
        assertEquals(2, delivery.code());
        assertTrue(delivery.err().contains("'exactly-twice' is not a delivery guarantee: exactly-once or "
                + "at-least-once"), delivery.err());
        CliRun longInterval = run("run", "--bootstrap", "localhost:9092", "--registry", registry.toString(),
                "--checkpoint-interval", "2m", "--rules", Fixtures.DEFAULT_RULES.toString());
        assertEquals(2, longInterval.code());
        assertTrue(longInterval.err().contains("the checkpoint interval must be at most half of that, not PT2M"),
                longInterval.err());
        CliRun quiet = run("replay", "--registry", registry.toString(), "--events", registry.toString(), "--out",
                dir.resolve("out").toString(), "--rules", Fixtures.DEFAULT_RULES.toString(), "--as-received",
                "--quiet-period", "10ms");
        assertEquals(2, quiet.code());
        assertTrue(quiet.err().contains("The quiet period must be at least 100 ms"), quiet.err());
        assertNoStackTrace(duration);
        assertNoStackTrace(address);
        assertNoStackTrace(influx);
        assertNoStackTrace(delivery);
        assertNoStackTrace(longInterval);
        assertNoStackTrace(backend);
        assertNoStackTrace(quiet);
    }

    @Test
    void kafkaRefusesAPortOutOfRange() {
        CliRun run = run("kafka", "--port", "70000");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--port must be 0-65535"), run.err());
        assertNoStackTrace(run);
    }
}
