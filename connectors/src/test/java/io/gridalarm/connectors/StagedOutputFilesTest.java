package io.gridalarm.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gridalarm.model.PartyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing merges part files into one sorted file per bucket and counts tags. */
class StagedOutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void partFilesAreMergedSortedAndCounted() throws IOException {
        Path staging = dir.resolve(".staging");
        Files.createDirectories(staging.resolve("supplier/ALFA"));
        Files.writeString(staging.resolve("supplier/ALFA/part-0-0"), "2\tTAMPER\t{\"b\":2}\n");
        Files.writeString(staging.resolve("supplier/ALFA/part-1-0"), "1\tSAFETY\t{\"a\":1}\n3\tTAMPER\t{\"c\":3}\n");
        Files.writeString(staging.resolve("supplier/ALFA/.part-1-1.inprogress"), "9\tX\tignored\n");
        Files.createDirectories(staging.resolve("dead-letters"));
        Files.writeString(staging.resolve("dead-letters/part-0-0"), "f|000000000002\tBAD_JSON\t{\"line\":2}\n");

        Map<String, Map<String, Long>> counts = StagedOutputFiles.publish(staging, dir);

        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"), Files.readAllLines(dir.resolve("supplier/ALFA.jsonl")));
        assertEquals(List.of("{\"line\":2}"), Files.readAllLines(dir.resolve("dead-letters.jsonl")));
        assertEquals(Map.of("supplier/ALFA", Map.of("SAFETY", 1L, "TAMPER", 2L), "dead-letters", Map.of("BAD_JSON", 1L)),
                counts);
        assertFalse(Files.exists(staging));
    }

    @Test
    void partyIdsCannotEscapeTheOutputFolder() {
        assertEquals("supplier/.._.._etc", OutputLine.partyBucket(PartyType.SUPPLIER, "../../etc"));
        assertEquals("supplier/__", OutputLine.partyBucket(PartyType.SUPPLIER, ".."));
        assertEquals("network-operator/12", OutputLine.partyBucket(PartyType.NETWORK_OPERATOR, "12"));
    }

    @Test
    void linesWithTabsOrBreaksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OutputLine("b", "k\t", "t", "x"));
        assertThrows(IllegalArgumentException.class, () -> new OutputLine("b", "k", "t", "x\ny"));
    }
}
