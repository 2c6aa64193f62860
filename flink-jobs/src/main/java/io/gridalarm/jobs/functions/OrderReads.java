package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by network location, on the reads' own watermark: hands a location's reads on in event-time order, each
 * instant complete and in the fixed tie order, re-deliveries dropped. A whole day's batch arriving in any order is
 * evaluated in time order, and the rule operator never waits for reads on the alerts' clock.
 */
public final class OrderReads extends KeyedProcessFunction<String, MeterRecord, MeterRecord> {

    private static final long serialVersionUID = 1L;
    /** Accumulator name: reads that arrived behind the reads' watermark, handed on out of time order. */
    public static final String LATE_READS = "late-reads";

    private transient InstantBuffer buffer;
    private transient LongCounter lateReads;

    @Override
    public void open(OpenContext openContext) {
        buffer = new InstantBuffer(getRuntimeContext(), false);
        lateReads = getRuntimeContext().getLongCounter(LATE_READS);
    }

    @Override
    public void processElement(MeterRecord read, Context ctx, Collector<MeterRecord> out) throws Exception {
        InstantBuffer.Batch late = buffer.add(read, ctx.timestamp(), ctx.timerService());
        if (late != null) {
            lateReads.add(1L);
            late.records().forEach(out::collect);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterRecord> out) throws Exception {
        InstantBuffer.Batch complete = buffer.onTimer(timestamp);
        if (complete != null) {
            complete.records().forEach(out::collect);
        }
    }
}
