package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * The clock of one live input, made after its registry join from the records that met their meter's row, so a
 * line of a meter the registry does not know, whatever time it claims, never moves time.
 *
 * <ul>
 *   <li>Per source partition, as a Kafka source makes its watermarks: the join interleaves partitions, but each
 *       partition's records reach it in their own order. Each partition's clock trails its latest record by the
 *       out-of-order bound; this one is the least of the partitions still sending (a partition silent for three
 *       quiet periods is idle, as a source's would be).</li>
 *   <li>Once nothing at all has come for the quiet period, everything received is complete: each partition's
 *       clock moves up to its latest record, and when all are idle, time goes as far as the furthest (the last
 *       alerts of a stream are evaluated without waiting for another record).</li>
 *   <li>A record dated more than a day ahead of the wall clock (a meter's clock gone wrong, a forged line) moves
 *       nothing.</li>
 *   <li>Never ahead of the join's own watermark, which stands still while the job reads the registry as it was at
 *       its start (a bounded source), so records let go as their meters' rows arrive are not behind it.</li>
 *   <li>How far it had come, and that the registry had been read, are kept in checkpoints: a restored job goes on
 *       from there and does not wait for the registry again.</li>
 * </ul>
 * Records keep the timestamps the join gave them. In a batch run it only passes records on.
 */
public final class ClockAfterRegistry extends AbstractStreamOperator<MeterRecord>
        implements OneInputStreamOperator<Tuple2<MeterRecord, Integer>, MeterRecord>, BoundedOneInput,
        ProcessingTimeService.ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;
    /** A record dated further ahead of the wall clock than this does not move time. */
    static final long FUTURE_TOLERANCE_MILLIS = Duration.ofDays(1).toMillis();
    private static final int IDLE_AFTER_QUIET_PERIODS = 3;
    /**
     * A partition silent at this subtask this long, while others still send, is idle. This subtask sees only its
     * share of a partition (its meters), so the share can pause where the whole partition does not: a shorter wait
     * would let time run past a storm's next alerts.
     */
    private static final long PARTITION_IDLE_NANOS = Duration.ofSeconds(30).toNanos();

    private final long boundMillis;
    private final long quietNanos;
    private final boolean progressive;
    private transient Map<Integer, Partition> partitions;
    private transient long lastRecordNanos;
    private transient long interval;
    private transient long bound;
    private transient long emitted;
    private transient boolean idle;
    private transient long restoredFloor;
    private transient ListState<Long> emittedState;
    private transient ListState<Boolean> releasedState;

    /**
     * @param outOfOrderBound how far a partition's records may come out of event-time order
     * @param quiet after this long without records, everything received is complete
     * @param progressive false in a batch run, where no watermark is needed before the end
     */
    public ClockAfterRegistry(Duration outOfOrderBound, Duration quiet, boolean progressive) {
        if (outOfOrderBound.isNegative() || quiet.isNegative() || quiet.isZero()) {
            throw new IllegalArgumentException("The out-of-order bound must not be negative and the quiet period "
                    + "must be positive.");
        }
        this.boundMillis = outOfOrderBound.toMillis();
        this.quietNanos = quiet.toNanos();
        this.progressive = progressive;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        emittedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("clock-after-registry", Types.LONG));
        releasedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("registry-read", Types.BOOLEAN));
        emitted = Long.MIN_VALUE;
        bound = Long.MIN_VALUE;
        restoredFloor = Long.MIN_VALUE;
        if (context.isRestored()) {
            // Every subtask had come at least this far; after rescaling, a subtask may have other partitions.
            long least = Long.MAX_VALUE;
            for (Long watermark : emittedState.get()) {
                least = Math.min(least, watermark);
            }
            restoredFloor = least == Long.MAX_VALUE ? Long.MIN_VALUE : least;
            for (Boolean released : releasedState.get()) {
                if (released) {
                    bound = Long.MAX_VALUE;
                }
            }
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
        lastRecordNanos = System.nanoTime();
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
        if (!progressive || partition == MatchRegistry.NO_PARTITION
                || element.getTimestamp() > System.currentTimeMillis() + FUTURE_TOLERANCE_MILLIS) {
            return;
        }
        long now = System.nanoTime();
        lastRecordNanos = now;
        partitions.computeIfAbsent(partition, p -> new Partition()).saw(element.getTimestamp(), now);
    }

    @Override
    public void onProcessingTime(long time) {
        advance(System.nanoTime());
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + interval,
                this);
    }

    /** The join's watermark bounds this clock; it is not passed on (the join's end of time is not the input's). */
    @Override
    public void processWatermark(Watermark mark) {
        bound = Math.max(bound, mark.getTimestamp());
        if (progressive) {
            advance(System.nanoTime());
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

    private void advance(long now) {
        boolean quiet = now - lastRecordNanos >= quietNanos;
        long least = Long.MAX_VALUE;
        long furthest = Long.MIN_VALUE;
        boolean anyActive = false;
        for (Partition partition : partitions.values()) {
            long clock = quiet ? partition.latest : partition.latest - boundMillis - 1;
            furthest = Math.max(furthest, partition.latest);
            if (now - lastRecordNanos < IDLE_AFTER_QUIET_PERIODS * quietNanos
                    && now - partition.lastNanos < Math.max(PARTITION_IDLE_NANOS, IDLE_AFTER_QUIET_PERIODS * quietNanos)) {
                anyActive = true;
                least = Math.min(least, clock);
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
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /** What one source partition has shown this subtask. */
    private static final class Partition {
        long latest = Long.MIN_VALUE;
        long lastNanos;

        void saw(long timestamp, long now) {
            latest = Math.max(latest, timestamp);
            lastNanos = now;
        }
    }
}
