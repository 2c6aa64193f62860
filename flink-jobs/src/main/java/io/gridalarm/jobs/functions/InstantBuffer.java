package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.MeterRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Holds a location's records until their event-time instant is complete and hands them over in the fixed tie
 * order ({@link MeterRecord#TIE_ORDER}), re-deliveries dropped, so that ties arriving in any order give the same
 * alarms. On input sorted by time (a batch replay) an instant is complete when a later record arrives or its timer
 * fires; on a stream, records wait until the watermark passes their instant, and a record already behind the
 * watermark (late) is handed over at once.
 */
final class InstantBuffer {

    /** The records of one complete instant, in evaluation order; {@code late} when it came behind the watermark. */
    record Batch(long time, List<MeterRecord> records, boolean late) {
    }

    private final boolean inputSortedByTime;
    private final Comparator<MeterRecord> order;
    private final ListState<MeterRecord> pending;
    private final ValueState<Long> pendingTime;
    private final MapState<Long, List<MeterRecord>> awaitingWatermark;

    InstantBuffer(RuntimeContext context, InputOrder order) {
        this.inputSortedByTime = order.sorted();
        this.order = order.withinInstant();
        this.pending = context.getListState(
                new ListStateDescriptor<>("same-instant-records", GridAlarmTypes.METER_RECORD));
        this.pendingTime = context.getState(new ValueStateDescriptor<>("same-instant-time", Types.LONG));
        this.awaitingWatermark = context.getMapState(new MapStateDescriptor<>("awaiting-watermark", Types.LONG,
                Types.LIST(GridAlarmTypes.METER_RECORD)));
    }

    /** Takes a record at its event time; returns the instant this completed (or the late record's), else null. */
    Batch add(MeterRecord record, long time, TimerService timers) throws Exception {
        if (!inputSortedByTime) {
            return awaitWatermark(record, time, timers);
        }
        Long held = pendingTime.value();
        Batch completed = null;
        if (held != null && held != time) {
            timers.deleteEventTimeTimer(held);
            completed = takePending(held);
            held = null;
        }
        pending.add(record);
        if (held == null) {
            pendingTime.update(time);
            timers.registerEventTimeTimer(time);
        }
        return completed;
    }

    /** The instant whose timer fired, or null when the timer was not for held records. */
    Batch onTimer(long timestamp) throws Exception {
        if (!inputSortedByTime) {
            List<MeterRecord> awaiting = awaitingWatermark.get(timestamp);
            if (awaiting == null) {
                return null;
            }
            awaitingWatermark.remove(timestamp);
            return new Batch(timestamp, inEvaluationOrder(awaiting, order), false);
        }
        Long held = pendingTime.value();
        return held != null && held == timestamp ? takePending(timestamp) : null;
    }

    /** True while records of some instant wait here for their turn. */
    boolean holdsRecords() throws Exception {
        return inputSortedByTime ? pendingTime.value() != null : !awaitingWatermark.isEmpty();
    }

    /**
     * On a stream, takes the held records the filter picks, in evaluation order, and leaves the others to their
     * instants (an instant left empty has its timer deleted).
     */
    List<MeterRecord> take(Predicate<MeterRecord> which, TimerService timers) throws Exception {
        List<Long> times = new ArrayList<>();
        awaitingWatermark.keys().forEach(times::add);
        Collections.sort(times);
        List<MeterRecord> taken = new ArrayList<>();
        for (long time : times) {
            List<MeterRecord> kept = new ArrayList<>();
            List<MeterRecord> picked = new ArrayList<>();
            for (MeterRecord record : awaitingWatermark.get(time)) {
                (which.test(record) ? picked : kept).add(record);
            }
            if (picked.isEmpty()) {
                continue;
            }
            taken.addAll(inEvaluationOrder(picked, order));
            if (kept.isEmpty()) {
                awaitingWatermark.remove(time);
                timers.deleteEventTimeTimer(time);
            } else {
                awaitingWatermark.put(time, kept);
            }
        }
        return taken;
    }

    /** On a stream, true when a record the filter picks is held. */
    boolean holds(Predicate<MeterRecord> which) throws Exception {
        for (List<MeterRecord> records : awaitingWatermark.values()) {
            for (MeterRecord record : records) {
                if (which.test(record)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** On input sorted by time, the instant still held (its timer deleted), else null. */
    Batch flush(TimerService timers) throws Exception {
        Long held = pendingTime.value();
        if (!inputSortedByTime || held == null) {
            return null;
        }
        timers.deleteEventTimeTimer(held);
        return takePending(held);
    }

    private Batch awaitWatermark(MeterRecord record, long time, TimerService timers) throws Exception {
        if (time <= timers.currentWatermark()) {
            return new Batch(time, List.of(record), true);
        }
        List<MeterRecord> atInstant = awaitingWatermark.get(time);
        if (atInstant == null) {
            atInstant = new ArrayList<>(2);
            timers.registerEventTimeTimer(time);
        }
        atInstant.add(record);
        awaitingWatermark.put(time, atInstant);
        return null;
    }

    private Batch takePending(long time) throws Exception {
        List<MeterRecord> records = new ArrayList<>(2);
        pending.get().forEach(records::add);
        pending.clear();
        pendingTime.clear();
        return new Batch(time, inEvaluationOrder(records, order), false);
    }

    /** The records by event time, then in the fixed tie order, each re-delivery of a record dropped. */
    static List<MeterRecord> inEvaluationOrder(List<MeterRecord> records) {
        return inEvaluationOrder(records, InputOrder.EVENT_TIME.withinInstant());
    }

    /** The records in the order, each re-delivery of a record dropped. */
    private static List<MeterRecord> inEvaluationOrder(List<MeterRecord> records, Comparator<MeterRecord> order) {
        if (records.size() < 2) {
            return records;
        }
        List<MeterRecord> sorted = new ArrayList<>(records);
        sorted.sort(order);
        List<MeterRecord> distinct = new ArrayList<>(sorted.size());
        for (MeterRecord record : sorted) {
            if (distinct.isEmpty() || order.compare(record, distinct.get(distinct.size() - 1)) != 0) {
                distinct.add(record);
            }
        }
        return distinct;
    }
}
