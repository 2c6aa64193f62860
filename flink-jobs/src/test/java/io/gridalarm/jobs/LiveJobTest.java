package io.gridalarm.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live job's checkpoint configuration, and finding the checkpoint a restarted live job resumes from. */
class LiveJobTest {

    @TempDir
    Path dir;

    @Test
    void checkpointsAreUnalignedSoThatABatchOfReadsInFlightNeverHoldsAlertAlarmsBack() throws Exception {
        Path registry = Files.writeString(dir.resolve("registry.csv"), "");
        LiveSettings settings = LiveSettings.builder().bootstrapServers("127.0.0.1:9092").registry(registry).ruleSet(Fixtures.DEFAULT_RULES)
                .checkpoints(dir.resolve("checkpoints").toString()).stateBackend(StateBackendKind.ROCKSDB).build();
        Configuration conf = LiveJob.configuration(settings);
        assertTrue(conf.get(CheckpointingOptions.ENABLE_UNALIGNED));
        assertEquals(CheckpointingMode.EXACTLY_ONCE, conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE));
        assertTrue(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
        assertEquals("rocksdb", conf.get(StateBackendOptions.STATE_BACKEND));
    }

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
