package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives each record of a bounded replay its position on the alerts' clock of the live job it reproduces
 * ({@link ArrivalSteps}), from the clocks' steps on the broadcast input, which a batch run reads to the end first;
 * a read's {@code receivedAt} becomes the moment the live job let it through, which orders the reads at one place
 * ({@link InputOrder#AS_RECEIVED}). A read let through as the reads' watermark moved on is followed by word of how
 * far it moved ({@link MeterRecord#readsThrough}), as the live job's reads are by its silence checks.
 */
public final class PlaceByArrival extends BroadcastProcessFunction<MeterRecord, ClockStep, Tuple2<MeterRecord, Long>> {

    private static final long serialVersionUID = 1L;
    /** The clocks' steps by moment. */
    public static final MapStateDescriptor<Long, ClockStep> STEPS =
            new MapStateDescriptor<>("clock-steps", Types.LONG, TypeInformation.of(ClockStep.class));

    private final Duration alertsIdleAfter;
    private transient ArrivalSteps steps;

    /** @param alertsIdleAfter how long the live job's alerts' clock stood still before reads stopped waiting for it */
    public PlaceByArrival(Duration alertsIdleAfter) {
        this.alertsIdleAfter = ReadsAhead.checked(alertsIdleAfter);
    }

    @Override
    public void processBroadcastElement(ClockStep step, Context ctx, Collector<Tuple2<MeterRecord, Long>> out)
            throws Exception {
        if (steps != null) {
            throw new IllegalStateException("A clock step came after records were placed: replay as received "
                    + "needs the batch runtime, which reads the broadcast input first.");
        }
        ctx.getBroadcastState(STEPS).put(step.moment(), step);
    }

    @Override
    public void processElement(MeterRecord record, ReadOnlyContext ctx, Collector<Tuple2<MeterRecord, Long>> out)
            throws Exception {
        if (steps == null) {
            List<ClockStep> known = new ArrayList<>();
            for (Map.Entry<Long, ClockStep> entry : ctx.getBroadcastState(STEPS).immutableEntries()) {
                known.add(entry.getValue());
            }
            steps = new ArrivalSteps(known, alertsIdleAfter);
        }
        long at = Arrivals.of(record);
        long time = record.time().toEpochMilli();
        if (record.onAlertsClock()) {
            out.collect(Tuple2.of(record, steps.alertPosition(at, time)));
            return;
        }
        // Reads let through at different moments can meet at one place on the alerts' clock (no alert came
        // between): they keep the order the live job let them through in, as their receivedAt there.
        int released = steps.readRelease(at, time);
        out.collect(placed(record, steps.readSide(released, time)));
        // Where the reads' watermark moved on as this read went, the live job's location heard how far the reads
        // had come, after the reads let go with it (they sort before it: its time is the watermark's).
        Long readsWatermark = steps.readsMovedTo(released);
        if (readsWatermark != null) {
            out.collect(placed(MeterRecord.readsThrough(record.meter(), Instant.ofEpochMilli(readsWatermark))
                    .withAbove(record.above()), steps.readSide(released, readsWatermark)));
        }
    }

    private static Tuple2<MeterRecord, Long> placed(MeterRecord record, ArrivalSteps.Placement placement) {
        return Tuple2.of(record.withReceivedAt(Instant.ofEpochMilli(placement.moment())), placement.position());
    }
}
