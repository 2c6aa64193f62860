package io.gridalarm.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the checkpoint a restarted live job resumes from. */
class LiveJobTest {

    @TempDir
    Path dir;

    @Test
    void theNewestCompleteCheckpointIsChosenAndUnfinishedOnesAreIgnored() throws Exception {
        assertTrue(LiveJob.latestCheckpoint(dir.resolve("none").toString()).isEmpty());
        Path older = Files.createDirectories(dir.resolve("job-a").resolve("chk-7"));
        Files.writeString(older.resolve("_metadata"), "x");
        Files.setLastModifiedTime(older.resolve("_metadata"), FileTime.fromMillis(1_000));
        Path newer = Files.createDirectories(dir.resolve("job-b").resolve("chk-3"));
        Files.writeString(newer.resolve("_metadata"), "x");
        Files.setLastModifiedTime(newer.resolve("_metadata"), FileTime.fromMillis(2_000));
        Files.createDirectories(dir.resolve("job-b").resolve("chk-4"));
        assertEquals(newer, LiveJob.latestCheckpoint(dir.toString()).orElseThrow());
        assertEquals(newer, LiveJob.latestCheckpoint(dir.toUri().toString()).orElseThrow());
    }
}
