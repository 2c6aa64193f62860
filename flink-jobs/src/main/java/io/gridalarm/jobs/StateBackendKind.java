package io.gridalarm.jobs;

/** Where the live job keeps its state between checkpoints. */
public enum StateBackendKind {

    /** Objects on the JVM heap, each checkpoint a full copy: fastest, for a laptop and small fleets. */
    HASHMAP("hashmap", false),
    /** RocksDB on local disk, checkpoints incremental (only the files changed since the last): for large fleets. */
    ROCKSDB("rocksdb", true);

    private final String flinkName;
    private final boolean incremental;

    StateBackendKind(String flinkName, boolean incremental) {
        this.flinkName = flinkName;
        this.incremental = incremental;
    }

    /** The value of Flink's {@code state.backend.type}. */
    public String flinkName() {
        return flinkName;
    }

    /** Whether checkpoints upload only what changed. */
    public boolean incremental() {
        return incremental;
    }
}
