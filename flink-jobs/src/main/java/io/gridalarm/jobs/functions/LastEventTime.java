package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Emits, when its bounded input ends, the latest event time it saw: chained behind each validation subtask, it
 * gives a replay the last event time of the whole input without another pass over the records.
 */
public final class LastEventTime extends AbstractStreamOperator<Long>
        implements OneInputStreamOperator<MeterRecord, Long>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private long latest = Long.MIN_VALUE;

    @Override
    public void processElement(StreamRecord<MeterRecord> element) {
        latest = Math.max(latest, element.getValue().time().toEpochMilli());
    }

    @Override
    public void endInput() {
        if (latest != Long.MIN_VALUE) {
            output.collect(new StreamRecord<>(latest, latest));
        }
    }
}
