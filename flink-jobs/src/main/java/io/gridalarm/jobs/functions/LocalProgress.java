package io.gridalarm.jobs.functions;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counts for a replay's progress line. Flink reports accumulators only now and then (and at task end),
 * so a replay on the embedded MiniCluster, which runs in this JVM, reads these counters instead. On a remote
 * cluster they stay at zero; the summary always comes from the job's accumulators.
 */
public final class LocalProgress {

    private static final LongAdder LINES_READ = new LongAdder();
    private static final LongAdder RECORDS_EVALUATED = new LongAdder();
    private static final LongAdder HISTORIES_JOINED = new LongAdder();

    private LocalProgress() {
    }

    static void lineRead() {
        LINES_READ.increment();
    }

    static void recordEvaluated() {
        RECORDS_EVALUATED.increment();
    }

    static void historyJoined() {
        HISTORIES_JOINED.increment();
    }

    /** Meter histories the registry join has taken in since the last reset. */
    public static long historiesJoined() {
        return HISTORIES_JOINED.sum();
    }

    /** Lines read since the last reset. */
    public static long linesRead() {
        return LINES_READ.sum();
    }

    /** Records the rules have evaluated since the last reset. */
    public static long recordsEvaluated() {
        return RECORDS_EVALUATED.sum();
    }

    /** Starts counting afresh, before a job. */
    public static void reset() {
        LINES_READ.reset();
        RECORDS_EVALUATED.reset();
        HISTORIES_JOINED.reset();
    }
}
