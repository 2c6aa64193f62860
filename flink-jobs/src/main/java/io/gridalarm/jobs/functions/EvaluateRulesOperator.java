package io.gridalarm.jobs.functions;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import java.util.List;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * The rule operator on a stream: {@link EvaluateRules} with the values that grow with a location's outages (its
 * roll-ups and deadlines) {@link HeldState held} in memory between checkpoints, written to Flink's state before each
 * checkpoint's barrier, or once changes of {@link #MAX_KEYS_HELD} locations are held. (A bounded replay runs in
 * batch mode, where Flink keeps one location's state at a time on the heap: nothing is held there.)
 */
public final class EvaluateRulesOperator extends CoBroadcastWithKeyedOperator<String, MeterRecord, ControlMessage,
        Alarm> {

    private static final long serialVersionUID = 1L;
    /** Locations whose changes are held at most between checkpoints. */
    static final int MAX_KEYS_HELD = 4_096;

    private transient HeldState held;

    public EvaluateRulesOperator(EvaluateRules rules) {
        super(rules, List.of(EvaluateRules.INPUT_END, EvaluateRules.RULE_SETS));
    }

    @Override
    public void open() throws Exception {
        held = new HeldState(getRuntimeContext(), this, MAX_KEYS_HELD);
        ((EvaluateRules) userFunction).holdStateIn(held);
        super.open();
    }

    @Override
    public void processElement1(StreamRecord<MeterRecord> element) throws Exception {
        super.processElement1(element);
        writeBackWhenFull();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        super.onEventTime(timer);
        writeBackWhenFull();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        super.onProcessingTime(timer);
        writeBackWhenFull();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        held.writeBack();
    }

    private void writeBackWhenFull() throws Exception {
        if (held.full()) {
            held.writeBack();
        }
    }
}
