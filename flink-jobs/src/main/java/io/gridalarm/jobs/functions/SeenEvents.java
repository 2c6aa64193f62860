package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A meter's events and service messages seen within the duplicate horizon, in Flink state keyed by meter, so a
 * re-delivery is recognised without a shuffle of its own. The horizon goes by the meter's own event time: an id is
 * forgotten once a record of the meter more than the horizon later has come (a meter that falls silent keeps its
 * last few ids until it is removed from the registry).
 */
final class SeenEvents {

    private final long horizonMillis;
    private final MapState<String, Long> seen;
    private final ValueState<Long> oldest;

    /** {@code horizon}: positive, as {@link MatchRegistry} checks. */
    SeenEvents(RuntimeContext context, Duration horizon) {
        this.horizonMillis = horizon.toMillis();
        this.seen = context.getMapState(new MapStateDescriptor<>("seen-events", Types.STRING, Types.LONG));
        this.oldest = context.getState(new ValueStateDescriptor<>("oldest-seen-event", Types.LONG));
    }

    /**
     * True the first time the record (an event, a service request or response) comes within the horizon; false for
     * a re-delivery. Anything else is never a re-delivery.
     */
    boolean firstDelivery(MeterRecord record) throws Exception {
        String id;
        if (record.isEvent()) {
            id = record.event().eventId();
        } else if (record.service() instanceof ServiceRequest request) {
            id = "request\u0000" + request.requestId();
        } else if (record.service() instanceof ServiceResponse response) {
            id = "response\u0000" + response.requestId() + "\u0000" + response.outcome();
        } else {
            return true;
        }
        long time = record.time().toEpochMilli();
        Long previous = seen.get(id);
        if (previous != null && Math.abs(time - previous) <= horizonMillis) {
            return false;
        }
        seen.put(id, time);
        forgetBefore(time - horizonMillis);
        Long first = oldest.value();
        if (first == null || time < first) {
            oldest.update(time);
        }
        return true;
    }

    /** Forgets ids older than the instant; looks through them only when one of them is known to be that old. */
    private void forgetBefore(long limit) throws Exception {
        Long first = oldest.value();
        if (first == null || first >= limit) {
            return;
        }
        long kept = Long.MAX_VALUE;
        for (Iterator<Map.Entry<String, Long>> it = seen.iterator(); it.hasNext(); ) {
            long time = it.next().getValue();
            if (time < limit) {
                it.remove();
            } else {
                kept = Math.min(kept, time);
            }
        }
        if (kept == Long.MAX_VALUE) {
            oldest.clear();
        } else {
            oldest.update(kept);
        }
    }

    /** Forgets everything about the meter. */
    void clear() {
        seen.clear();
        oldest.clear();
    }
}
