package io.gridalarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry CSV: change of supplier by validFrom, and bad rows refused with file and line. */
class RegistryCsvTest {

    private static final String HEADER = "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n";

    @TempDir
    Path dir;

    private Path file(String body) throws IOException {
        return Files.writeString(dir.resolve("registry.csv"), HEADER + body);
    }

    @Test
    void theRowValidAtAnInstantDecidesTheSupplier() throws Exception {
        Registry registry = RegistryCsv.read(file("""
                m1,ELECTRICITY,F1,S1,12,ALFA,2026-01-01
                m1,ELECTRICITY,F1,S1,12,BRVO,2026-11-20T12:00:00Z
                g1,GAS,,,NGN,ALFA,2026-01-01T00:00:00Z
                """));
        assertEquals("ALFA", registry.rowAt("m1", Instant.parse("2026-11-20T09:00:00Z")).supplier());
        assertEquals("BRVO", registry.rowAt("m1", Instant.parse("2026-11-20T12:00:00Z")).supplier());
        assertNull(registry.rowAt("m1", Instant.parse("2025-12-31T23:59:59Z")));
        assertNull(registry.rowAt("g1", Instant.parse("2026-06-01T00:00:00Z")).feederId());
        assertEquals(2, registry.meterCount());
        assertEquals(3, registry.rowCount());
    }

    @Test
    void everyMeterIdIsCheckedRowByRowWhereverItsColumnIs() throws Exception {
        Path numbered = Files.writeString(dir.resolve("numbered.csv"), """
                fuel,meterId,feederId,substationId,networkOperator,supplier,validFrom
                ELECTRICITY, 1000100000009 ,F1,S1,12,ALFA,2026-01-01

                GAS,"0123456789",,,NGN,ALFA,2026-01-01
                """);
        assertTrue(RegistryCsv.allMeterIds(numbered, id -> id.chars().allMatch(Character::isDigit)),
                "trimmed, unquoted, a blank line skipped");
        Path lettered = file("1000100000009,ELECTRICITY,F1,S1,12,ALFA,2026-01-01\nm2,GAS,,,NGN,ALFA,2026-01-01\n");
        assertFalse(RegistryCsv.allMeterIds(lettered, id -> id.chars().allMatch(Character::isDigit)));
        Path headless = Files.writeString(dir.resolve("headless.csv"), "id,fuel\n1,GAS\n");
        assertTrue(assertThrows(InputException.class, () -> RegistryCsv.allMeterIds(headless, id -> true))
                .getMessage().endsWith("headless.csv:1: the registry header lacks the column 'meterId'; expected "
                        + String.join(",", RegistryCsv.COLUMNS)));
    }

    @Test
    void aBadRowIsRefusedWithFileLineAndReason() throws IOException {
        Path file = file("m1,ELECTRICITY,F1,S1,12,ALFA,2026-01-01\nm2,WATER,F1,S1,12,ALFA,2026-01-01\n");
        InputException e = assertThrows(InputException.class, () -> RegistryCsv.read(file));
        assertEquals(file + ":3: fuel 'WATER' is neither ELECTRICITY nor GAS.", e.getMessage());
    }

    @Test
    void aBadDateAndAnEmptySupplierAreRefused() throws IOException {
        Path badDate = file("m1,ELECTRICITY,F1,S1,12,ALFA,soon\n");
        assertTrue(assertThrows(InputException.class, () -> RegistryCsv.read(badDate)).getMessage()
                .startsWith(badDate + ":2: validFrom 'soon'"));
        Path noSupplier = file("m1,ELECTRICITY,F1,S1,12,,2026-01-01\n");
        assertEquals(noSupplier + ":2: the column 'supplier' is empty.",
                assertThrows(InputException.class, () -> RegistryCsv.read(noSupplier)).getMessage());
    }

    @Test
    void aPartyIdThatCouldShareATopicOrFileWithAnotherIsRefused() throws Exception {
        // "A/B" and "A_B" would both become alarms.supplier.A_B; "..", "../x" and "x y" are no name at all.
        for (String id : new String[] {"A/B", "A_B", "A.B", "..", "../x", "x y", "-lead", "ALFA\u200B",
            "X".repeat(65)}) {
            Path file = file("m1,ELECTRICITY,F1,S1,12," + id + ",2026-01-01\n");
            InputException e = assertThrows(InputException.class, () -> RegistryCsv.read(file), id);
            assertTrue(e.getMessage().startsWith(file + ":2: the supplier '" + id.trim() + "' is not a party id"),
                    e.getMessage());
        }
        Path operator = file("m1,GAS,,,N/GN,ALFA,2026-01-01\n");
        assertTrue(assertThrows(InputException.class, () -> RegistryCsv.read(operator)).getMessage()
                .contains("the networkOperator 'N/GN' is not a party id"));
        assertEquals("B-GAS", RegistryCsv.read(file("m1,ELECTRICITY,F1,S1,12,B-GAS,2026-01-01\n"))
                .rowAt("m1", Fixtures.T10_00).supplier());
    }

    @Test
    void aMissingColumnIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("r.csv"), "meterId,fuel\nm1,GAS\n");
        assertTrue(assertThrows(InputException.class, () -> RegistryCsv.read(file)).getMessage()
                .contains("lacks the column"));
    }

    @Test
    void twoRowsOfOneMeterMayNotShareAValidFrom() throws IOException {
        Path file = file("m1,ELECTRICITY,F1,S1,12,ALFA,2026-01-01\nm1,ELECTRICITY,F1,S1,12,BRVO,2026-01-01\n");
        assertTrue(assertThrows(InputException.class, () -> RegistryCsv.read(file)).getMessage()
                .contains("two registry rows valid from"));
    }

    @Test
    void writtenRowsReadBackTheSame() throws Exception {
        Registry registry = RegistryCsv.read(file("m1,ELECTRICITY,F1,S1,12,ALFA,2026-01-01T00:00:00Z\n"));
        StringWriter out = new StringWriter();
        RegistryCsv.write(out, registry.rowsOf("m1"));
        assertEquals(HEADER + "m1,ELECTRICITY,F1,S1,12,ALFA,2026-01-01T00:00:00Z\n", out.toString());
    }
}
