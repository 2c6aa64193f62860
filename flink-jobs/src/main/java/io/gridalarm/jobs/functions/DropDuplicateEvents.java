package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by event id, passes the first delivery of each event and drops re-deliveries that arrive within the
 * horizon (in event time); the memory of an id is freed by a timer once the horizon has passed.
 */
public final class DropDuplicateEvents extends KeyedProcessFunction<String, MeterRecord, MeterRecord> {

    private static final long serialVersionUID = 1L;
    /** Accumulator name: deliveries dropped as duplicates. */
    public static final String DUPLICATES = "duplicate-events";

    private final long horizonMillis;
    private transient ValueState<Long> seenUntil;
    private transient LongCounter duplicates;

    public DropDuplicateEvents(Duration horizon) {
        if (horizon == null || horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("The duplicate horizon must be a positive duration, not " + horizon
                    + ".");
        }
        this.horizonMillis = horizon.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        seenUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-until", Types.LONG));
        duplicates = getRuntimeContext().getLongCounter(DUPLICATES);
    }

    @Override
    public void processElement(MeterRecord record, Context ctx, Collector<MeterRecord> out) throws Exception {
        if (seenUntil.value() != null) {
            duplicates.add(1L);
            return;
        }
        long until = record.time().toEpochMilli() + horizonMillis;
        seenUntil.update(until);
        ctx.timerService().registerEventTimeTimer(until);
        out.collect(record);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterRecord> out) throws Exception {
        Long until = seenUntil.value();
        if (until != null && until == timestamp) {
            seenUntil.clear();
        }
    }
}
