package io.gridalarm.jobs.functions;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for an input that must not move the clock of the operator it joins (rule-set versions, reads already
 * in order): it declares itself idle and never sends a watermark, so the operator's watermark is its other
 * inputs' alone. An input that sent the latest possible time instead would, whenever the others fell idle, end
 * event time for good.
 */
public final class NoClock<T> implements WatermarkGenerator<T> {

    private NoClock() {
    }

    /** Stamps each record with the assigner's timestamp and never sends a watermark. */
    public static <T> WatermarkStrategy<T> stamped(SerializableTimestampAssigner<T> timestamps) {
        return stampedBy(TimestampAssignerSupplier.of(timestamps));
    }

    /** Stamps each record with the supplied assigner's timestamp and never sends a watermark. */
    public static <T> WatermarkStrategy<T> stampedBy(TimestampAssignerSupplier<T> timestamps) {
        return WatermarkStrategy.<T>forGenerator(context -> new NoClock<>()).withTimestampAssigner(timestamps);
    }

    /** Keeps each record's timestamp and never sends a watermark. */
    public static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.<T>forGenerator(context -> new NoClock<>())
                .withTimestampAssigner((record, previous) -> previous);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
