package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.MeterRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by network location, on the reads' own watermark: hands a location's reads on in event-time order, each
 * instant complete and in the fixed tie order, re-deliveries dropped. A whole day's batch arriving in any order is
 * evaluated in time order, and the rule operator never waits for reads on the alerts' clock.
 *
 * <p>When the watermark passes a night's batch, every location's reads fall due at once. They are handed on
 * location by location, each from a processing-time timer of its own, rather than all inside the one watermark
 * step: between two locations the task can take a checkpoint barrier, so the alarms of alerts arriving meanwhile
 * are committed with the next checkpoint instead of after the whole batch.
 */
public final class OrderReads extends KeyedProcessFunction<String, MeterRecord, MeterRecord> {

    private static final long serialVersionUID = 1L;
    /** Accumulator name: reads that arrived behind the reads' watermark, handed on out of time order. */
    public static final String LATE_READS = "late-reads";

    private transient InstantBuffer buffer;
    private transient ListState<MeterRecord> due;
    private transient LongCounter lateReads;

    @Override
    public void open(OpenContext openContext) {
        buffer = new InstantBuffer(getRuntimeContext(), InputOrder.STREAM);
        due = getRuntimeContext().getListState(new ListStateDescriptor<>("reads-due", GridAlarmTypes.METER_RECORD));
        lateReads = getRuntimeContext().getLongCounter(LATE_READS);
    }

    @Override
    public void processElement(MeterRecord read, Context ctx, Collector<MeterRecord> out) throws Exception {
        InstantBuffer.Batch late = buffer.add(read, ctx.timestamp(), ctx.timerService());
        if (late != null) {
            lateReads.add(1L);
            // Behind reads already due: it keeps its place after them.
            handOn(late.records(), ctx.timerService().currentProcessingTime(), ctx);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterRecord> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            List<MeterRecord> ready = new ArrayList<>();
            due.get().forEach(ready::add);
            due.clear();
            ready.forEach(out::collect);
            return;
        }
        InstantBuffer.Batch complete = buffer.onTimer(timestamp);
        if (complete != null) {
            handOn(complete.records(), ctx.timerService().currentProcessingTime(), ctx);
        }
    }

    /** Queues the reads behind those already due, and asks for a processing-time timer when none is set. */
    private void handOn(List<MeterRecord> reads, long now, Context ctx) throws Exception {
        boolean waiting = due.get().iterator().hasNext();
        due.addAll(reads);
        if (!waiting) {
            ctx.timerService().registerProcessingTimeTimer(now);
        }
    }
}
