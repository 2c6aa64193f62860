package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Live watermarks: the latest event time seen minus a bound for records out of order, except that once the input
 * has been quiet for a while everything received so far is taken as complete (the watermark moves up to the
 * latest event time). Without that, the last records before a pause would wait for the next record to be
 * evaluated; with it, a stream that stops gives the same alarms as a replay of the same records.
 */
public final class QuietFlushWatermarks implements WatermarkGenerator<MeterRecord> {

    private final long boundMillis;
    private final long quietNanos;
    private long latest = Long.MIN_VALUE;
    private long lastRecordNanos;

    QuietFlushWatermarks(Duration outOfOrderBound, Duration quiet) {
        this.boundMillis = outOfOrderBound.toMillis();
        this.quietNanos = quiet.toNanos();
    }

    /**
     * The strategy: event time from each record, this generator, and idleness after {@code 3 x quiet} so that a
     * parallel instance that gets no records holds no one back.
     */
    public static WatermarkStrategy<MeterRecord> strategy(Duration outOfOrderBound, Duration quiet) {
        if (outOfOrderBound.isNegative() || quiet.isNegative() || quiet.isZero()) {
            throw new IllegalArgumentException("The out-of-order bound must not be negative and the quiet period "
                    + "must be positive.");
        }
        return WatermarkStrategy.<MeterRecord>forGenerator(context -> new QuietFlushWatermarks(outOfOrderBound, quiet))
                .withTimestampAssigner((record, previous) -> record.time().toEpochMilli())
                .withIdleness(quiet.multipliedBy(3));
    }

    @Override
    public void onEvent(MeterRecord record, long eventTimestamp, WatermarkOutput output) {
        latest = Math.max(latest, eventTimestamp);
        lastRecordNanos = System.nanoTime();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (latest == Long.MIN_VALUE) {
            return;
        }
        boolean quiet = System.nanoTime() - lastRecordNanos >= quietNanos;
        output.emitWatermark(new Watermark(quiet ? latest : latest - boundMillis - 1));
    }
}
