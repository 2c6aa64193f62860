package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.rules.CommandLimits;
import io.gridalarm.rules.RuleSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by counter (a critical service and a DCC user, or the fleet: {@link CommandRates.Counter}), counts the
 * critical commands in event-time order as the clock reaches them and routes the anomaly alarms
 * ({@link CommandRates}) under access control, as lines for the parties' outputs and the audit trail.
 */
public final class WatchCommandRates extends KeyedProcessFunction<String, Tuple2<String, MeterRecord>, OutputLine> {

    private static final long serialVersionUID = 1L;

    private final String ruleSetPackage;
    private transient CommandLimits limits;
    private transient String ruleSetId;
    private transient ValueState<CommandWindow> window;
    private transient AccessControl accessControl;
    private transient Map<String, LongCounter> alarmsOfKind;

    /** @param ruleSetPackage the rule-set version whose command limits apply, as the job ships it */
    public WatchCommandRates(String ruleSetPackage) {
        this.ruleSetPackage = ruleSetPackage;
    }

    /**
     * The counters a request counts in, keyed: its user's and the fleet's, of its service (only critical requests;
     * a counter no limit watches is left out where the alarms are made).
     */
    public static void countersOf(MeterRecord record, Collector<Tuple2<String, MeterRecord>> out) {
        if (record.service() instanceof ServiceRequest request && request.service().critical()) {
            out.collect(Tuple2.of(new CommandRates.Counter(request.service(), request.user()).key(), record));
            out.collect(Tuple2.of(new CommandRates.Counter(request.service(), null).key(), record));
        }
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        RuleSet ruleSet = RuleSetVersions.unpack(ruleSetPackage);
        limits = ruleSet.commandLimits();
        ruleSetId = ruleSet.id();
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("command-window",
                GridAlarmTypes.COMMAND_WINDOW));
        // Anomaly alarms are about a user's own commands or the fleet's: no registry row decides who sees them.
        accessControl = new AccessControl((meterId, time) -> null);
        alarmsOfKind = new HashMap<>();
    }

    @Override
    public void processElement(Tuple2<String, MeterRecord> counted, Context ctx, Collector<OutputLine> out)
            throws Exception {
        CommandRates.Counter counter = CommandRates.Counter.of(counted.f0);
        if (counter.limit(limits) == null) {
            return;
        }
        ServiceRequest request = (ServiceRequest) counted.f1.service();
        CommandWindow.Entry entry = new CommandWindow.Entry(request.time().toEpochMilli(), request.requestId(),
                request.meterId(), request.user(), request.role());
        CommandWindow known = window.value();
        window.update((known == null ? CommandWindow.EMPTY : known).arrive(entry));
        ctx.timerService().registerEventTimeTimer(entry.time());
    }

    /**
     * The clock reached a request's time or the instant a request leaves the window. (In a bounded run the timers set
     * here after the last request never fire: an anomaly alarm open at the end of the input stays open, as nothing
     * after the input's end is known.)
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutputLine> out) throws Exception {
        CommandWindow known = window.value();
        if (known == null) {
            return;
        }
        CommandRates.Counter counter = CommandRates.Counter.of(ctx.getCurrentKey());
        CommandRates.Step step = CommandRates.advance(known, timestamp, counter, counter.limit(limits), ruleSetId);
        for (Alarm alarm : step.alarms()) {
            alarmsOfKind.computeIfAbsent(alarm.kind(),
                    kind -> getRuntimeContext().getLongCounter(EvaluateRules.ALARMS_OF_KIND + kind)).add(1L);
            RouteAlarms.route(accessControl, alarm, out::collect);
        }
        if (step.window() == null) {
            window.clear();
        } else {
            window.update(step.window());
        }
        if (step.nextLook() != null && step.nextLook() > timestamp) {
            ctx.timerService().registerEventTimeTimer(step.nextLook());
        }
    }
}
