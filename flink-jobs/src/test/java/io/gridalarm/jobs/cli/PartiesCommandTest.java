package io.gridalarm.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Party;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.RegistryCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parties sync}: which parties a registry names, and usage errors before anything is changed. */
class PartiesCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyPartyAnyRowNamesPastOrPresentGetsAccess() throws Exception {
        Path registry = dir.resolve("registry.csv");
        Files.writeString(registry, String.join("\n", RegistryCsv.COLUMNS.stream().reduce((a, b) -> a + "," + b)
                        .orElseThrow(),
                "1000000000001,ELECTRICITY,F1,S1,12,ALFA,2025-01-01T00:00:00Z",
                "1000000000001,ELECTRICITY,F1,S1,12,BRVO,2026-06-01T00:00:00Z",
                "7000000001,GAS,,,NGN,ALFA,2025-01-01T00:00:00Z", ""));
        Set<Party> parties = RegistryCsv.read(registry).parties();
        assertEquals(Set.of(new Party(PartyType.SUPPLIER, "ALFA"), new Party(PartyType.SUPPLIER, "BRVO"),
                new Party(PartyType.NETWORK_OPERATOR, "12"), new Party(PartyType.NETWORK_OPERATOR, "NGN")), parties,
                "ALFA, the meter's supplier before the change, keeps reading its old alarms");
    }

    @Test
    void influxWithoutAnAdminIsAUsageErrorBeforeTheBrokerIsContacted() {
        CliRun run = CliRun.of("parties", "sync", "--bootstrap", "127.0.0.1:1", "--registry",
                "../samples/registry.csv", "--credentials", dir.resolve("creds").toString(), "--influx",
                "http://127.0.0.1:1");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().startsWith("--influx needs --influx-admin"), run.err());
        assertFalse(Files.exists(dir.resolve("creds")), "nothing was written");
    }
}
