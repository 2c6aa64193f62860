package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.LinesByPlace;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.Checked;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.ReadLimits;
import io.gridalarm.model.RegistryMatch;
import io.gridalarm.model.RegistryRow;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The registry join, keyed by meter: keeps each meter's registry history from the changelog (topic or file) and
 * matches each parsed event and read with the row valid at its time. Records of a meter not heard of wait a bounded
 * time for its history, then go to dead letters as {@code UNKNOWN_METER}; a meter's removal (a tombstone) drops
 * its history. Keyed by the meter id, or in a bounded run by its {@link MeterKey} (the function never reads its key).
 * Every change is passed on to the network locations the meter's rows name, so each location keeps
 * its own meters' histories and no operator holds the whole registry. Each input (events, reads) has a join of its
 * own, so each keeps its own clock; one of them tells the locations ({@code announce}). Matched records and that
 * registry news ({@link MeterRecord#isRegistry()}) leave on the main output, in the order they were made, so a
 * location hears of a meter before its records. A refused record's line is read again from its file when it came
 * by its place only.
 */
public final class MatchRegistry<K>
        extends KeyedCoProcessFunction<K, ParsedInput, MeterHistory, MeterRecord> {

    private static final long serialVersionUID = 1L;
    /** Lines refused for what only the registry shows (unknown meter, not registered then, wrong fuel, limits). */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("registry-dead-letters") {
    };
    /** Accumulator name: event deliveries dropped as re-deliveries. */
    public static final String DUPLICATES = "duplicate-events";

    private final ReadLimits limits;
    private final long waitMillis;
    private final Duration duplicateHorizon;
    private final boolean announce;
    private transient RegistryMatch match;
    private transient SeenEvents seen;
    private transient LongCounter duplicates;
    private transient ValueState<MeterHistory> history;
    private transient ListState<ParsedInput> waiting;
    private transient ValueState<Long> waitingUntil;
    private transient LinesByPlace lines;

    /**
     * @param limits the rule set's limits on a read's energy, which need the meter's fuel
     * @param wait how long a record of a meter not yet in the registry waits for its history
     * @param duplicateHorizon how long after an event a re-delivery of it is still recognised
     * @param announce whether this join tells the network locations of each change (exactly one join does)
     */
    public MatchRegistry(ReadLimits limits, Duration wait, Duration duplicateHorizon, boolean announce) {
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("How long records wait for their meter's registry row must be zero "
                    + "or more, not " + wait + ".");
        }
        this.limits = limits;
        this.waitMillis = wait.toMillis();
        if (duplicateHorizon == null || duplicateHorizon.isNegative() || duplicateHorizon.isZero()) {
            throw new IllegalArgumentException("The duplicate horizon must be a positive duration, not "
                    + duplicateHorizon + ".");
        }
        this.duplicateHorizon = duplicateHorizon;
        this.announce = announce;
    }

    @Override
    public void open(OpenContext openContext) {
        match = new RegistryMatch(AlertCodes.gbcs(), limits);
        history = getRuntimeContext().getState(new ValueStateDescriptor<>("meter-history",
                GridAlarmTypes.METER_HISTORY));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-for-registry",
                GridAlarmTypes.PARSED_INPUT));
        waitingUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-until", Types.LONG));
        seen = new SeenEvents(getRuntimeContext(), duplicateHorizon);
        duplicates = getRuntimeContext().getLongCounter(DUPLICATES);
        lines = new LinesByPlace();
    }

    @Override
    public void close() throws Exception {
        if (lines != null) {
            lines.close();
        }
    }

    @Override
    public void processElement1(ParsedInput input, Context ctx, Collector<MeterRecord> out)
            throws Exception {
        MeterHistory known = history.value();
        if (known != null) {
            send(match.match(input, known), input, ctx, out);
            return;
        }
        waiting.add(input);
        if (waitingUntil.value() == null) {
            long until = ctx.timerService().currentProcessingTime() + waitMillis;
            ctx.timerService().registerProcessingTimeTimer(until);
            waitingUntil.update(until);
        }
    }

    @Override
    public void processElement2(MeterHistory changed, Context ctx, Collector<MeterRecord> out)
            throws Exception {
        LocalProgress.historyJoined();
        MeterHistory before = history.value();
        if (changed.equals(before)) {
            return;
        }
        if (announce) {
            tellLocations(before, changed, out);
        }
        if (changed.isRemoved()) {
            history.clear();
            seen.clear();
            return;
        }
        history.update(changed);
        Long until = waitingUntil.value();
        if (until != null) {
            for (ParsedInput input : waiting.get()) {
                send(match.match(input, changed), input, ctx, out);
            }
            stopWaiting(until, ctx);
        }
    }

    /** The records that waited in vain: their meter is still not in the registry. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterRecord> out)
            throws Exception {
        for (ParsedInput input : waiting.get()) {
            send(match.match(input, null), input, ctx, out);
        }
        stopWaiting(timestamp, ctx);
    }

    private void stopWaiting(long until, Context ctx) {
        ctx.timerService().deleteProcessingTimeTimer(until);
        waiting.clear();
        waitingUntil.clear();
    }

    private void send(Checked<MeterRecord> matched, ParsedInput input, Context ctx,
                      Collector<MeterRecord> out) throws Exception {
        if (!matched.isOk()) {
            ctx.output(DEAD_LETTERS, input.from(lines.whole(input.line())).refused(matched.rejection()));
        } else if (seen.firstDelivery(matched.value())) {
            collectAtItsTime(matched.value(), out);
        } else {
            duplicates.add(1L);
        }
    }

    /**
     * Sends the record stamped with its own event time (registry news: before everything). A record let go when its
     * meter's history came would otherwise carry the history's timestamp, and downstream orders by timestamps.
     */
    private static void collectAtItsTime(MeterRecord record, Collector<MeterRecord> out) {
        if (out instanceof TimestampedCollector<MeterRecord> stamped) {
            stamped.setAbsoluteTimestamp(record.time().toEpochMilli());
        }
        out.collect(record);
    }

    /**
     * Sends the meter's new history to every location its rows name, and word that it has gone to every location
     * only its old rows named.
     */
    private static void tellLocations(MeterHistory before, MeterHistory after,
                                      Collector<MeterRecord> out) {
        Set<String> left = new TreeSet<>(before == null ? Set.of() : before.locations());
        left.removeAll(after.locations());
        for (String location : left) {
            collectAtItsTime(MeterRecord.registry(before.lastIn(location), MeterHistory.removed(after.meterId())), out);
        }
        for (String location : after.locations()) {
            RegistryRow row = after.lastIn(location);
            collectAtItsTime(MeterRecord.registry(row, after), out);
        }
    }
}
