package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.util.PausableRelativeClock;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * An input's clock after its registry join, kept in checkpoints: a restored job goes on from where every subtask
 * had come, without waiting for a new record, so alerts held for the clock before a failure are let go. When
 * nothing has come for three quiet periods, or the join falls idle, everything passed here is complete: time goes
 * up to the latest record passed, or passed before the failure, so the last alerts of a stream are evaluated
 * although one source partition, quiet but not idle, still holds the join's clock at its own latest. Silence is
 * measured on a clock that stands still while this task is back-pressured. Otherwise the join's clock passes as it
 * is (in a batch run, without watermark status, which a batch run does not know).
 */
public final class ResumedClock extends AbstractStreamOperator<MeterRecord>
        implements OneInputStreamOperator<MeterRecord, MeterRecord>, ProcessingTimeService.ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private static final int FLUSH_AFTER_QUIET_PERIODS = 3;

    private final boolean progressive;
    private final long quietNanos;
    private transient PausableRelativeClock activity;
    private transient long lastRecordNanos;
    private transient long emitted;
    private transient long latest;
    private transient long restored;
    private transient ListState<Long> emittedState;
    private transient ListState<Long> latestState;

    /**
     * @param progressive false in a batch run, where no watermark is needed before the end
     * @param quiet the input's quiet period
     */
    public ResumedClock(boolean progressive, Duration quiet) {
        if (quiet.isNegative() || quiet.isZero()) {
            throw new IllegalArgumentException("The quiet period must be positive, not " + quiet + ".");
        }
        this.progressive = progressive;
        this.quietNanos = quiet.toNanos();
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        emittedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("resumed-clock", Types.LONG));
        latestState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("resumed-clock-latest-record", Types.LONG));
        emitted = Long.MIN_VALUE;
        latest = Long.MIN_VALUE;
        restored = Long.MIN_VALUE;
        if (context.isRestored()) {
            // Records held before the failure are let go when the input falls idle, whichever subtask holds them now.
            for (Long time : latestState.get()) {
                latest = Math.max(latest, time);
            }
            // Every subtask had come at least this far; after rescaling a subtask may hold other meters.
            long least = Long.MAX_VALUE;
            for (Long watermark : emittedState.get()) {
                least = Math.min(least, watermark);
            }
            restored = least == Long.MAX_VALUE ? Long.MIN_VALUE : least;
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        emittedState.update(List.of(emitted));
        latestState.update(List.of(latest));
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (progressive) {
            activity = new PausableRelativeClock(getProcessingTimeService().getClock());
            getContainingTask().getEnvironment().getMetricGroup().getIOMetricGroup()
                    .registerBackPressureListener(activity);
            lastRecordNanos = activity.relativeTimeNanos();
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime(), this);
        }
    }

    @Override
    public void close() throws Exception {
        if (activity != null) {
            getContainingTask().getEnvironment().getMetricGroup().getIOMetricGroup()
                    .unregisterBackPressureListener(activity);
        }
        super.close();
    }

    @Override
    public void processElement(StreamRecord<MeterRecord> element) {
        if (!element.getValue().isRegistry()) {
            latest = Math.max(latest, element.getTimestamp());
            if (activity != null) {
                lastRecordNanos = activity.relativeTimeNanos();
            }
        }
        output.collect(element);
    }

    @Override
    public void onProcessingTime(long time) {
        emit(restored);
        if (activity.relativeTimeNanos() - lastRecordNanos >= FLUSH_AFTER_QUIET_PERIODS * quietNanos) {
            emit(latest);
        }
        long interval = Math.max(1, Math.min(getExecutionConfig().getAutoWatermarkInterval(), quietNanos / 1_000_000));
        getProcessingTimeService().registerTimer(time + interval, this);
    }

    @Override
    public void processWatermark(Watermark mark) {
        emit(mark.getTimestamp());
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        if (progressive) {
            if (status.isIdle()) {
                emit(latest);
            }
            output.emitWatermarkStatus(status);
        }
    }

    private void emit(long watermark) {
        if (watermark > emitted && watermark > Long.MIN_VALUE) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
