package io.gridalarm.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/** The replay's memory pages: as large as the network buffers per slot allow, never below Flink's own. */
class ReplayMemoryTest {

    @Test
    void pagesShrinkAsSlotsGrowSoEverySlotKeepsItsNetworkBuffers() {
        assertEquals(MemorySize.parse("256kb"), ReplayMemory.pageSize(1));
        assertEquals(MemorySize.parse("256kb"), ReplayMemory.pageSize(2));
        assertEquals(MemorySize.parse("128kb"), ReplayMemory.pageSize(3));
        assertEquals(MemorySize.parse("128kb"), ReplayMemory.pageSize(4));
        assertEquals(MemorySize.parse("64kb"), ReplayMemory.pageSize(8));
        assertEquals(MemorySize.parse("32kb"), ReplayMemory.pageSize(16));
        assertEquals(MemorySize.parse("32kb"), ReplayMemory.pageSize(64));
        for (int parallelism = 1; parallelism <= 16; parallelism++) {
            long buffers = ReplayMemory.NETWORK.getBytes() / ReplayMemory.pageSize(parallelism).getBytes();
            assertTrue(buffers >= (long) ReplayMemory.BUFFERS_PER_SLOT * parallelism,
                    parallelism + " slots have " + buffers + " buffers");
        }
    }

    @Test
    void largeInputGetsTwiceTheSortMemoryAndThePagesGoToTheCluster() {
        Configuration small = ReplayMemory.of(2, ReplayMemory.LARGE_INPUT_BYTES);
        Configuration large = ReplayMemory.of(2, ReplayMemory.LARGE_INPUT_BYTES + 1);
        assertEquals(MemorySize.ofMebiBytes(1024), small.get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
        assertEquals(MemorySize.ofMebiBytes(2048), large.get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
        assertEquals(MemorySize.ofMebiBytes(512), small.get(ExecutionOptions.SORTED_INPUTS_MEMORY));
        assertEquals(MemorySize.ofMebiBytes(1024), large.get(ExecutionOptions.SORTED_INPUTS_MEMORY));
        assertEquals(MemorySize.parse("256kb"), large.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE));
        assertEquals(ReplayMemory.NETWORK, large.get(TaskManagerOptions.NETWORK_MEMORY_MAX));
    }

    @Test
    void aParallelismBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplayMemory.pageSize(0));
        assertEquals("The parallelism must be positive, not 0.", e.getMessage());
    }
}
