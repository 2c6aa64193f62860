package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.rules.Evaluation;
import io.gridalarm.rules.MeterRules;
import io.gridalarm.rules.MeterState;
import io.gridalarm.rules.RuleSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by network location ({@link io.gridalarm.model.NetworkLocation}), evaluates the rule set on each record
 * with its meter's state from Flink state (one map entry per meter that has something to remember). Records that
 * share one event-time instant are held until that instant is complete and then evaluated in a fixed order
 * ({@link MeterRecord#tieBreakKey()}), re-deliveries of the same record dropped, so that ties arriving in any
 * order give the same alarms. The rule set is compiled once per operator instance in {@link #open}.
 */
public final class EvaluateRules extends KeyedProcessFunction<String, MeterRecord, Alarm> {

    private static final long serialVersionUID = 1L;

    private final String ruleSetDir;
    private final RuleEngine engine;
    private transient MeterRules rules;
    private transient MapState<String, MeterState> meterStates;
    private transient ListState<MeterRecord> pending;
    private transient ValueState<Long> pendingTime;

    public EvaluateRules(String ruleSetDir, RuleEngine engine) {
        if (ruleSetDir == null || ruleSetDir.isBlank()) {
            throw new IllegalArgumentException("Rule evaluation needs the folder of a rule-set version.");
        }
        this.ruleSetDir = ruleSetDir;
        this.engine = engine;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        rules = engine.create(RuleSet.read(Path.of(ruleSetDir)), getRuntimeContext().getUserCodeClassLoader());
        meterStates = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("meter-states", Types.STRING, TypeInformation.of(MeterState.class)));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("same-instant-records", GridAlarmTypes.METER_RECORD));
        pendingTime = getRuntimeContext().getState(new ValueStateDescriptor<>("same-instant-time", Types.LONG));
    }

    @Override
    public void processElement(MeterRecord record, Context ctx, Collector<Alarm> out) throws Exception {
        long time = ctx.timestamp();
        Long held = pendingTime.value();
        if (held != null && held != time) {
            ctx.timerService().deleteEventTimeTimer(held);
            evaluatePending(out);
            held = null;
        }
        pending.add(record);
        if (held == null) {
            pendingTime.update(time);
            ctx.timerService().registerEventTimeTimer(time);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alarm> out) throws Exception {
        Long held = pendingTime.value();
        if (held != null && held == timestamp) {
            evaluatePending(out);
        }
    }

    private void evaluatePending(Collector<Alarm> out) throws Exception {
        List<MeterRecord> records = new ArrayList<>(2);
        pending.get().forEach(records::add);
        if (records.size() > 1) {
            records.sort(Comparator.comparing(MeterRecord::tieBreakKey));
        }
        MeterRecord previous = null;
        for (MeterRecord record : records) {
            if (previous != null && record.tieBreakKey().equals(previous.tieBreakKey())) {
                continue;
            }
            previous = record;
            LocalProgress.recordEvaluated();
            String meterId = record.meterId();
            Evaluation evaluation = rules.evaluate(record, meterStates.get(meterId));
            if (evaluation.state() == null) {
                meterStates.remove(meterId);
            } else {
                meterStates.put(meterId, evaluation.state());
            }
            evaluation.alarms().forEach(out::collect);
        }
        pending.clear();
        pendingTime.clear();
    }

    @Override
    public void close() throws Exception {
        if (rules != null) {
            rules.close();
        }
    }
}
