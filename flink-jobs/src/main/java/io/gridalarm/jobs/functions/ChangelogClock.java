package io.gridalarm.jobs.functions;

import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * A live changelog's (the registry's, the network's) say in the clocks of the joins it feeds: none at all until the
 * changelog as it was at the job's start has been read (the joins' time stands still, so no record is judged before
 * its meter's row, or its substation's place, is in state), then idle for good. The snapshot's end of time is not
 * passed on: it would end the joins' time whenever the inputs fall idle. That the changelog was read is kept in
 * checkpoints: a restored job, whose state has it already, does not wait for the snapshot again (a source that had
 * finished may never say so again).
 */
public final class ChangelogClock<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, ProcessingTimeService.ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private transient boolean read;
    private transient boolean idle;
    private transient ListState<Boolean> readState;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        readState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("registry-read", Types.BOOLEAN));
        for (Boolean wasRead : readState.get()) {
            read |= wasRead;
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        readState.update(List.of(read));
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (read) {
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime(), this);
        }
    }

    @Override
    public void onProcessingTime(long time) {
        fallIdle();
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            read = true;
            fallIdle();
        }
    }

    /** This operator says itself when the changelog stops holding time. */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
    }

    private void fallIdle() {
        if (!idle) {
            idle = true;
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        }
    }
}
