package io.gridalarm.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * The embedded cluster's memory for a replay: managed memory for its keyed sorts, sized for its input, cut into
 * pages as large as its network buffers allow.
 */
final class ReplayMemory {

    /** Input beyond this size gets the larger sort memory. */
    static final long LARGE_INPUT_BYTES = 128L << 20;
    /** The network buffers' memory, Flink's own for an embedded cluster, set so the page size below holds. */
    static final MemorySize NETWORK = MemorySize.ofMebiBytes(64);
    /** Network buffers per slot: measured, 256 buffers ran parallelism 4 and fell short at 8 (about 270 needed). */
    static final int BUFFERS_PER_SLOT = 128;
    static final MemorySize SMALLEST_PAGE = MemorySize.parse("32kb");
    static final MemorySize LARGEST_PAGE = MemorySize.parse("256kb");

    private ReplayMemory() {
    }

    /** The memory options of a replay at the parallelism over input of the size. */
    static Configuration of(int parallelism, long inputBytes) {
        boolean large = inputBytes > LARGE_INPUT_BYTES;
        Configuration conf = new Configuration();
        // Measured with bin/gridalarm bench: keyed sorts that fit in memory made the full pipeline about a quarter
        // faster on a 2-core machine. With the registry join's sorts by meter as well, twice the sort memory saved
        // another eighth on the benchmark's 290 MB (the sorters spilled); small inputs keep the smaller share.
        conf.set(ExecutionOptions.SORTED_INPUTS_MEMORY, MemorySize.ofMebiBytes(large ? 1024 : 512));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(large ? 2048 : 1024));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, NETWORK);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, NETWORK);
        conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, pageSize(parallelism));
        return conf;
    }

    /**
     * The largest power-of-two page (32-256 KB) that still leaves {@link #BUFFERS_PER_SLOT} network buffers per slot.
     * Every keyed sort takes its share of managed memory as pages, each allocated and freed on its own: with Flink's
     * 32 KB pages a replay's 2 GB were 65,536 allocations, whose page faults cost a sort operator of a few thousand
     * records as much CPU as one of a million (measured per thread, about a second each). Network buffers are pages
     * too, so larger pages mean fewer of them; an embedded cluster's slots all share one pool.
     */
    static MemorySize pageSize(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("The parallelism must be positive, not " + parallelism + ".");
        }
        long page = LARGEST_PAGE.getBytes();
        while (page > SMALLEST_PAGE.getBytes() && NETWORK.getBytes() / page < (long) BUFFERS_PER_SLOT * parallelism) {
            page /= 2;
        }
        return new MemorySize(page);
    }
}
