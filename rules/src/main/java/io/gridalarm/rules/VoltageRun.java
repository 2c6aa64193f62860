package io.gridalarm.rules;

import java.time.Instant;

/** A meter's current run of consecutive out-of-range interval reads, as kept in Flink state. */
public record VoltageRun(int runIntervals, Instant runStart, Instant lastReadEnd, double highestVolts,
                         double lowestVolts) {
}
