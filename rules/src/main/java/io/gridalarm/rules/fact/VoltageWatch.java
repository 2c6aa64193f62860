package io.gridalarm.rules.fact;

import io.gridalarm.rules.VoltageRun;
import java.time.Instant;
import org.kie.api.definition.type.ClassReactive;

/**
 * The working fact for one meter's run of consecutive out-of-range interval reads. Rules modify it; the
 * operator keeps its {@link VoltageRun} snapshot in Flink state between records.
 */
@ClassReactive
public final class VoltageWatch {

    private final String meterId;
    private int runIntervals;
    private Instant runStart;
    private Instant lastReadEnd;
    private double highestVolts;
    private double lowestVolts;

    public VoltageWatch(String meterId, VoltageRun run) {
        this.meterId = meterId;
        if (run != null) {
            runIntervals = run.runIntervals();
            runStart = run.runStart();
            lastReadEnd = run.lastReadEnd();
            highestVolts = run.highestVolts();
            lowestVolts = run.lowestVolts();
        }
    }

    /** Counts an out-of-range read: extends the run when it follows the last read directly, else starts one. */
    public void outOfRange(ReadFact read) {
        boolean contiguous = runIntervals > 0 && read.start().equals(lastReadEnd);
        if (contiguous) {
            runIntervals++;
            highestVolts = Math.max(highestVolts, read.highestVolts());
            lowestVolts = Math.min(lowestVolts, read.lowestVolts());
        } else {
            runIntervals = 1;
            runStart = read.start();
            highestVolts = read.highestVolts();
            lowestVolts = read.lowestVolts();
        }
        lastReadEnd = read.end();
    }

    /** Ends any run: the read is inside the range. */
    public void inRange(ReadFact read) {
        runIntervals = 0;
        lastReadEnd = read.end();
    }

    /** True when this read has not been counted yet (re-delivered or older reads are ignored). */
    public boolean isNew(ReadFact read) {
        return lastReadEnd == null || read.end().isAfter(lastReadEnd);
    }

    /** The state to keep, or null when there is nothing worth keeping. */
    public VoltageRun snapshot() {
        return runIntervals == 0 ? null
                : new VoltageRun(runIntervals, runStart, lastReadEnd, highestVolts, lowestVolts);
    }

    public String getMeterId() {
        return meterId;
    }

    public int getRunIntervals() {
        return runIntervals;
    }

    public Instant getRunStart() {
        return runStart;
    }

    public Instant getLastReadEnd() {
        return lastReadEnd;
    }

    public double getHighestVolts() {
        return highestVolts;
    }

    public double getLowestVolts() {
        return lowestVolts;
    }
}
