package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkPath;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;

/**
 * The network join, keyed by secondary substation ({@link io.gridalarm.model.NetworkLocation#substationKey}): keeps
 * where the network changelog puts the substation (the assets above it) and tells each of its meters' records, so
 * that they are evaluated at the top of their tree ({@link io.gridalarm.model.NetworkLocation#keyOf(MeterRecord)}).
 * No operator holds the whole network: each substation's place lives with its key. On a stream the records wait
 * until the network as it was at the job's start is in state (its clock, {@link ChangelogClock}, holds this
 * operator's time at its very start until then), so no record is placed by a network not yet read; a bounded run
 * reads each substation's place first ({@link MeterRecord#NETWORK_TIME}).
 */
public final class PlaceInNetwork extends KeyedCoProcessFunction<String, AssetPlace, MeterRecord, MeterRecord> {

    private static final long serialVersionUID = 1L;
    /** The time of the timer that lets waiting records go: the first watermark past the very start. */
    private static final long NETWORK_READ = Long.MIN_VALUE + 1;

    private final boolean waitForNetwork;
    private transient ValueState<NetworkPath> above;
    private transient ListState<MeterRecord> waiting;

    /** @param waitForNetwork true on a stream: records wait until the network as at the start has been read */
    public PlaceInNetwork(boolean waitForNetwork) {
        this.waitForNetwork = waitForNetwork;
    }

    @Override
    public void open(OpenContext openContext) {
        above = getRuntimeContext().getState(new ValueStateDescriptor<>("network-above", GridAlarmTypes.NETWORK_PATH));
        waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-for-network",
                GridAlarmTypes.METER_RECORD));
    }

    @Override
    public void processElement1(AssetPlace place, Context ctx, Collector<MeterRecord> out) throws Exception {
        if (place.above().isEmpty()) {
            above.clear();
        } else {
            above.update(place.above());
        }
    }

    @Override
    public void processElement2(MeterRecord record, Context ctx, Collector<MeterRecord> out) throws Exception {
        if (waitForNetwork && ctx.timerService().currentWatermark() < NETWORK_READ) {
            waiting.add(record);
            ctx.timerService().registerEventTimeTimer(NETWORK_READ);
            return;
        }
        out.collect(placed(record));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterRecord> out) throws Exception {
        for (MeterRecord record : waiting.get()) {
            // Each at its own time: the timer's would place every waiting record at the very start.
            if (out instanceof TimestampedCollector<MeterRecord> stamped) {
                stamped.setAbsoluteTimestamp(record.time().toEpochMilli());
            }
            out.collect(placed(record));
        }
        waiting.clear();
    }

    private MeterRecord placed(MeterRecord record) throws Exception {
        NetworkPath path = above.value();
        return path == null ? record : record.withAbove(path);
    }
}
