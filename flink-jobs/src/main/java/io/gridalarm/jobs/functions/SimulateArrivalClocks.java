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
 * clocks, and when the input ends the alerts' last watermark (the live job's clock once everything had arrived).
 */
public final class SimulateArrivalClocks extends KeyedProcessFunction<Byte, MeterRecord, ClockStep> {

    private static final long serialVersionUID = 1L;
    /** The alerts' watermark once the whole input has arrived. */
    public static final OutputTag<Long> ALERTS_END = new OutputTag<>("alerts-end") {
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
        clocks.arrive(ctx.timestamp(), record.isEvent(), record.time().toEpochMilli(), out::collect);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClockStep> out) {
        long[] alerts = {Long.MIN_VALUE};
        clocks.finish(step -> {
            alerts[0] = step.alerts();
            out.collect(step);
        });
        ctx.output(ALERTS_END, alerts[0]);
    }
}
