package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A bounded replay's simulation of a live job's two clocks ({@link ArrivalClocks}): every record under one key, so
 * that the batch runtime hands them over sorted by their timestamp, which is their arrival. Emits each step of the
 * clocks, and when the input ends the last step (the live job's clocks once everything had arrived).
 */
public final class SimulateArrivalClocks extends KeyedProcessFunction<Byte, MeterRecord, ClockStep> {

    private static final long serialVersionUID = 1L;
    /** Both watermarks once the whole input has arrived. */
    public static final OutputTag<ClockStep> LAST_STEP = new OutputTag<>("last-step") {
    };

    private final Duration alertsOutOfOrder;
    private final Duration readsOutOfOrder;
    private final Duration quietPeriod;
    private transient ArrivalClocks clocks;
    private transient boolean started;

    public SimulateArrivalClocks(Duration alertsOutOfOrder, Duration readsOutOfOrder, Duration quietPeriod) {
        this.alertsOutOfOrder = alertsOutOfOrder;
        this.readsOutOfOrder = readsOutOfOrder;
        this.quietPeriod = quietPeriod;
    }

    @Override
    public void open(OpenContext openContext) {
        clocks = new ArrivalClocks(alertsOutOfOrder, readsOutOfOrder, quietPeriod);
    }

    @Override
    public void processElement(MeterRecord record, Context ctx, Collector<ClockStep> out) {
        if (!started) {
            // In a batch run a key's timers fire after its last record: this one marks the end of the input.
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
            started = true;
        }
        clocks.arrive(ctx.timestamp(), record.onAlertsClock(), record.time().toEpochMilli(), out::collect);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClockStep> out) {
        ClockStep[] last = {new ClockStep(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE)};
        clocks.finish(step -> {
            last[0] = step;
            out.collect(step);
        });
        ctx.output(LAST_STEP, last[0]);
    }
}
