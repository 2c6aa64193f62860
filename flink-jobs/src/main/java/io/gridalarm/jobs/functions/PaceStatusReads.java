package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.Json;
import io.gridalarm.model.ServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by the sending network operator, sends its supply status reads ({@link StatusReadRequests}) to the DCC no
 * closer together than the spacing, in event time: a storm's nested outages must not flood the DCC (it throttles and
 * quarantines a user's excess traffic). Reads wait for the watermark to pass the time they were asked for, then go
 * out in order of that time and request id, each stamped with when it goes out, so a replay and a live run at any
 * parallelism send the same reads at the same times.
 */
public final class PaceStatusReads extends KeyedProcessFunction<String, ServiceRequest, OutputLine> {

    private static final long serialVersionUID = 1L;
    private static final Comparator<ServiceRequest> ORDER =
            Comparator.comparing(ServiceRequest::time).thenComparing(ServiceRequest::requestId);

    private final long spacingMillis;
    /** Reads asked for, by request id, each at the time it may be placed (not before the watermark passes it). */
    private transient MapState<String, ServiceRequest> waiting;
    /** Reads placed in a slot after the first free one, by slot. */
    private transient MapState<Long, ServiceRequest> placed;
    /** The earliest time the next read may go out. */
    private transient ValueState<Long> nextFree;

    public PaceStatusReads(Duration spacing) {
        if (spacing == null || spacing.isNegative() || spacing.isZero()) {
            throw new IllegalArgumentException("Supply status reads need a spacing of more than zero, not "
                    + spacing + ".");
        }
        this.spacingMillis = spacing.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("status-reads-waiting", Types.STRING,
                TypeInformation.of(ServiceRequest.class)));
        placed = getRuntimeContext().getMapState(new MapStateDescriptor<>("status-reads-placed", Types.LONG,
                TypeInformation.of(ServiceRequest.class)));
        nextFree = getRuntimeContext().getState(new ValueStateDescriptor<>("status-reads-next", Types.LONG));
    }

    @Override
    public void processElement(ServiceRequest request, Context ctx, Collector<OutputLine> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long due = Math.max(request.time().toEpochMilli(), watermark == Long.MIN_VALUE ? Long.MIN_VALUE
                : watermark + 1);
        waiting.put(request.requestId(), request.sentAt(Instant.ofEpochMilli(due)));
        ctx.timerService().registerEventTimeTimer(due);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutputLine> out) throws Exception {
        ServiceRequest due = placed.get(timestamp);
        if (due != null) {
            placed.remove(timestamp);
            out.collect(line(due.sentAt(Instant.ofEpochMilli(timestamp))));
        }
        List<ServiceRequest> ready = new ArrayList<>();
        for (Map.Entry<String, ServiceRequest> entry : waiting.entries()) {
            if (entry.getValue().time().toEpochMilli() <= timestamp) {
                ready.add(entry.getValue());
            }
        }
        ready.sort(ORDER);
        // At the end of a bounded input (a replay in batch mode) timers set now would never fire: what is left goes
        // out at once, stamped with the slots it would have had.
        boolean end = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (end) {
            for (Map.Entry<Long, ServiceRequest> left : sortedByKey(placed)) {
                out.collect(line(left.getValue().sentAt(Instant.ofEpochMilli(left.getKey()))));
            }
            placed.clear();
        }
        Long next = nextFree.value();
        for (ServiceRequest request : ready) {
            waiting.remove(request.requestId());
            long slot = next == null ? timestamp : Math.max(timestamp, next);
            if (slot == timestamp || end) {
                out.collect(line(request.sentAt(Instant.ofEpochMilli(slot))));
            } else {
                placed.put(slot, request);
                ctx.timerService().registerEventTimeTimer(slot);
            }
            next = slot + spacingMillis;
        }
        if (next == null) {
            return;
        }
        if (next <= timestamp || (end && waiting.isEmpty())) {
            // the spacing is over: a read asked for from now on may go out at once
            nextFree.clear();
        } else {
            nextFree.update(next);
            ctx.timerService().registerEventTimeTimer(next);
        }
    }

    private static List<Map.Entry<Long, ServiceRequest>> sortedByKey(MapState<Long, ServiceRequest> state)
            throws Exception {
        List<Map.Entry<Long, ServiceRequest>> entries = new ArrayList<>();
        state.entries().forEach(entries::add);
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }

    /** The request as its line for the DCC adapter, keyed by meter. */
    static OutputLine line(ServiceRequest request) {
        return new OutputLine(OutputLine.DCC_REQUESTS, String.format("%015d", request.time().toEpochMilli()) + "|"
                + request.requestId(), request.service().reference(), Json.line(request), request.meterId());
    }
}
