package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.MeterRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
 *
 * <p>When the watermark passes the instants a {@link SilenceSchedule} sets after the location's latest read, and
 * no later read of the location has come, the location's reads are marked as having come through that instant
 * ({@link MeterRecord#readsThrough}), behind its reads: the fleet's reads moved on without it, so the rules can
 * judge a meter alone in its location, or a location whose meters all stopped, silent.
 */
public final class OrderReads extends KeyedProcessFunction<String, MeterRecord, MeterRecord> {

    private static final long serialVersionUID = 1L;
    /** Accumulator name: reads that arrived behind the reads' watermark, handed on out of time order. */
    public static final String LATE_READS = "late-reads";

    private final SilenceSchedule silence;
    private transient InstantBuffer buffer;
    private transient ListState<MeterRecord> due;
    private transient ValueState<MeterRecord> latestRead;
    private transient ValueState<Long> silenceCheck;
    private transient LongCounter lateReads;

    /** @param silence when a location without reads is shown to the rules, or null: the rules judge no silence */
    public OrderReads(SilenceSchedule silence) {
        this.silence = silence;
    }

    @Override
    public void open(OpenContext openContext) {
        buffer = new InstantBuffer(getRuntimeContext(), InputOrder.STREAM);
        due = getRuntimeContext().getListState(new ListStateDescriptor<>("reads-due", GridAlarmTypes.METER_RECORD));
        latestRead = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-read",
                GridAlarmTypes.METER_RECORD));
        silenceCheck = getRuntimeContext().getState(new ValueStateDescriptor<>("silence-check", Types.LONG));
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
        // A read at the check's own instant came first (the two share the timer) and moved the check on.
        Long check = silenceCheck.value();
        if (check != null && check == timestamp && ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // The input ended (a bounded run): the end of the reads is not a silence.
            silenceCheck.clear();
            latestRead.clear();
        } else if (check != null && check == timestamp) {
            MeterRecord latest = latestRead.value();
            enqueue(List.of(MeterRecord.readsThrough(latest.meter(), Instant.ofEpochMilli(timestamp))
                    .withAbove(latest.above())),
                    ctx.timerService().currentProcessingTime(), ctx);
            long next = silence.after(latest.time().toEpochMilli(), latest.read().minutes(), timestamp);
            if (next == Long.MAX_VALUE) {
                // Checked for as long as reads may be late: the location is forgotten until it sends again.
                silenceCheck.clear();
                latestRead.clear();
            } else {
                scheduleSilenceCheck(next, ctx);
            }
        }
    }

    /**
     * Queues the reads behind those already due; the latest of the location's reads so far sets when it is next
     * checked for silence (a check already set for an earlier read is left to fire and be ignored, as its timer
     * may be shared with reads waiting for the watermark).
     */
    private void handOn(List<MeterRecord> reads, long now, Context ctx) throws Exception {
        enqueue(reads, now, ctx);
        if (silence == null) {
            return;
        }
        MeterRecord latest = latestRead.value();
        MeterRecord newest = latest;
        for (MeterRecord read : reads) {
            if (newest == null || read.time().isAfter(newest.time())) {
                newest = read;
            }
        }
        if (newest != latest) {
            latestRead.update(newest);
            scheduleSilenceCheck(silence.first(newest.time().toEpochMilli(), newest.read().minutes()), ctx);
        }
    }

    private void scheduleSilenceCheck(long time, Context ctx) throws Exception {
        silenceCheck.update(time);
        ctx.timerService().registerEventTimeTimer(time);
    }

    /** Queues records behind those already due, and asks for a processing-time timer when none is set. */
    private void enqueue(List<MeterRecord> records, long now, Context ctx) throws Exception {
        boolean waiting = due.get().iterator().hasNext();
        due.addAll(records);
        if (!waiting) {
            ctx.timerService().registerProcessingTimeTimer(now);
        }
    }
}
