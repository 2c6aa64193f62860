package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

/**
 * The clock of one input, made after its registry join from the records that met their meter's row, so a line of a
 * meter the registry does not know, whatever time it claims, never moves time. It is made per source partition, as a
 * Kafka source makes its watermarks: the join interleaves partitions, but each partition's records reach it in their
 * own order, so each partition's clock is exact and this one is the least of them. It is never ahead of the join's
 * own watermark, which stands still while the job is still reading the registry as it was at its start (a bounded
 * source), so the records let go as their meters' rows arrive are not behind it. Records keep the timestamps the
 * join gave them. How far the clock had come, and that the registry had been read, are kept in checkpoints: a job
 * restored after a failure goes on from there (alerts held for the clock are let go even if no new record comes;
 * the registry is in the restored state, so nothing waits for it again). In a batch run it only passes records on.
 */
public final class ClockAfterRegistry extends AbstractStreamOperator<MeterRecord>
        implements OneInputStreamOperator<Tuple2<MeterRecord, Integer>, MeterRecord>, BoundedOneInput,
        ProcessingTimeService.ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final WatermarkStrategy<MeterRecord> strategy;
    private final boolean progressive;
    private transient Map<Integer, PartitionClock> partitions;
    private transient long interval;
    private transient long bound;
    private transient long emitted;
    private transient boolean idle;
    private transient long restoredFloor;
    private transient ListState<Long> emittedState;
    private transient ListState<Boolean> releasedState;

    /**
     * @param strategy how a partition's records make its clock (its timestamp assigner is not used)
     * @param progressive false in a batch run, where no watermark is needed before the end
     */
    public ClockAfterRegistry(WatermarkStrategy<MeterRecord> strategy, boolean progressive) {
        this.strategy = strategy;
        this.progressive = progressive;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        emitted = Long.MIN_VALUE;
        emittedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("clock-after-registry", Types.LONG));
        releasedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("registry-read", Types.BOOLEAN));
        restoredFloor = Long.MIN_VALUE;
        bound = Long.MIN_VALUE;
        if (context.isRestored()) {
            for (Boolean released : releasedState.get()) {
                if (released) {
                    bound = Long.MAX_VALUE;
                }
            }
            // Every subtask had come at least this far; after rescaling, a subtask may have other partitions.
            long least = Long.MAX_VALUE;
            for (Long watermark : emittedState.get()) {
                least = Math.min(least, watermark);
            }
            restoredFloor = least == Long.MAX_VALUE ? Long.MIN_VALUE : least;
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        emittedState.update(List.of(emitted));
        releasedState.update(List.of(bound == Long.MAX_VALUE));
    }

    @Override
    public void open() throws Exception {
        super.open();
        partitions = new HashMap<>();
        interval = getExecutionConfig().getAutoWatermarkInterval();
        if (progressive && interval > 0) {
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + interval,
                    this);
        }
    }

    @Override
    public void processElement(StreamRecord<Tuple2<MeterRecord, Integer>> element) {
        MeterRecord record = element.getValue().f0;
        int partition = element.getValue().f1;
        output.collect(element.replace(record));
        if (progressive && partition != MatchRegistry.NO_PARTITION) {
            partitions.computeIfAbsent(partition, p -> new PartitionClock(strategy.createWatermarkGenerator(
                            new GeneratorContext()))).generator.onEvent(record, element.getTimestamp(),
                    partitions.get(partition));
        }
    }

    @Override
    public void onProcessingTime(long time) {
        for (PartitionClock clock : partitions.values()) {
            clock.generator.onPeriodicEmit(clock);
        }
        advance();
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + interval,
                this);
    }

    /** The join's watermark bounds this clock; it is not passed on (the join's end of time is not the input's). */
    @Override
    public void processWatermark(org.apache.flink.streaming.api.watermark.Watermark mark) {
        bound = Math.max(bound, mark.getTimestamp());
        if (progressive) {
            advance();
        }
    }

    /** This clock says itself whether it is idle. */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
    }

    @Override
    public void endInput() {
        bound = Long.MAX_VALUE;
        emit(Long.MAX_VALUE);
    }

    /**
     * The least watermark of the partitions that are not idle, held at the join's. When every partition has fallen
     * idle, as far as the furthest of them (each went quiet complete to its latest record, and a source's channels
     * going idle one by one would have let time go that far too), then idle itself.
     */
    private void advance() {
        long least = Long.MAX_VALUE;
        long furthest = Long.MIN_VALUE;
        boolean anyActive = false;
        for (PartitionClock clock : partitions.values()) {
            furthest = Math.max(furthest, clock.watermark);
            if (!clock.idle) {
                anyActive = true;
                least = Math.min(least, clock.watermark);
            }
        }
        if (anyActive) {
            emit(Math.min(Math.max(least, restoredFloor), bound));
            return;
        }
        // No partition of this input reaches this subtask now (or yet): it holds no one back once the join has let
        // time go (before that, the join holds everyone anyway).
        if (bound > Long.MIN_VALUE) {
            emit(Math.min(Math.max(furthest, restoredFloor), bound));
            if (!idle) {
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
        }
    }

    private void emit(long watermark) {
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        if (watermark > emitted && watermark > Long.MIN_VALUE) {
            emitted = watermark;
            output.emitWatermark(new org.apache.flink.streaming.api.watermark.Watermark(watermark));
        }
    }

    /** One partition's generator and what it said last. */
    private static final class PartitionClock implements WatermarkOutput {
        final WatermarkGenerator<MeterRecord> generator;
        long watermark = Long.MIN_VALUE;
        boolean idle;

        PartitionClock(WatermarkGenerator<MeterRecord> generator) {
            this.generator = generator;
        }

        @Override
        public void emitWatermark(Watermark next) {
            watermark = Math.max(watermark, next.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    /** What a generator may ask of its operator. */
    private final class GeneratorContext implements WatermarkGeneratorSupplier.Context {
        @Override
        public MetricGroup getMetricGroup() {
            return ClockAfterRegistry.this.getMetricGroup();
        }

        @Override
        public RelativeClock getInputActivityClock() {
            return SystemClock.getInstance();
        }
    }
}
