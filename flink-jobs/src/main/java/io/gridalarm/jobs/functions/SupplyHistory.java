package io.gridalarm.jobs.functions;

import io.gridalarm.rules.fact.SupplyEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * A location's recent losses of supply per meter, learnt from alerts (and reads that proved supply back), kept on
 * the alerts' clock for as long as reads may arrive late, so a read judged a day or more after its time is judged
 * against the outages known at its own time, exactly as a replay in time order would judge it.
 */
final class SupplyHistory {

    /** How far back from a read's time a restoration restarts the meter's silence. */
    static final Duration LOOKBACK = Duration.ofDays(1);
    private static final long HOUR = 3_600_000L;

    private final MapState<String, SupplySpans> spans;
    private final long keepMillis;

    /** @param readsLateness how late reads may arrive and still be judged as in a replay */
    SupplyHistory(RuntimeContext context, Duration readsLateness) {
        this.spans = context.getMapState(new MapStateDescriptor<>("supply-history", Types.STRING,
                TypeInformation.of(SupplySpans.class)));
        this.keepMillis = readsLateness.plus(LOOKBACK).toMillis();
    }

    /**
     * Notes a supply change of the meter, learnt at {@code known}; once a loss has ended, a timer (on the hour)
     * forgets it when reads can no longer be that late.
     */
    void record(String meterId, SupplyEvent event, long known, TimerService timers) throws Exception {
        long start = event.interruption().start().toEpochMilli();
        SupplySpans before = spans.get(meterId);
        SupplySpans after = before == null ? new SupplySpans(List.of()) : before;
        switch (event.change()) {
            case LOST -> after = after.lost(start, known);
            case RESTORED, SHORT_INTERRUPTION -> {
                after = after.restored(start, event.time().toEpochMilli(), known);
                timers.registerEventTimeTimer(expiryAt(known));
            }
            case CONFIRMED -> {
                return;
            }
        }
        spans.put(meterId, after);
    }

    /** Forgets the meter's outages (it has left the location). */
    void forget(String meterId) throws Exception {
        spans.remove(meterId);
    }

    /** True when the meter was off supply at the instant, as far as was known then. */
    boolean offAt(String meterId, long time) throws Exception {
        SupplySpans known = spans.get(meterId);
        return known != null && known.spans().stream().anyMatch(span -> span.offAt(time));
    }

    /** The latest restoration of the meter known by the instant and at most {@link #LOOKBACK} before it. */
    long restoredBy(String meterId, long time) throws Exception {
        SupplySpans known = spans.get(meterId);
        long from = time - LOOKBACK.toMillis();
        return known == null ? Long.MIN_VALUE : known.spans().stream().filter(span -> span.endKnown() >= from)
                .mapToLong(span -> span.restoredBy(time)).max().orElse(Long.MIN_VALUE);
    }

    /** Forgets the losses whose end has been known for longer than reads may be late, as of the instant. */
    void expireUpTo(long time) throws Exception {
        List<String> emptied = new ArrayList<>();
        List<Map.Entry<String, SupplySpans>> shortened = new ArrayList<>();
        for (Map.Entry<String, SupplySpans> entry : spans.entries()) {
            SupplySpans kept = entry.getValue().knownSince(time - keepMillis);
            if (kept == null) {
                emptied.add(entry.getKey());
            } else if (kept != entry.getValue()) {
                shortened.add(Map.entry(entry.getKey(), kept));
            }
        }
        for (String meterId : emptied) {
            spans.remove(meterId);
        }
        for (Map.Entry<String, SupplySpans> entry : shortened) {
            spans.put(entry.getKey(), entry.getValue());
        }
    }

    /**
     * True when a timer at the instant may be one of this history's (they are all on the hour), so the other
     * timers of the location (held alerts, deadlines) do not walk the history every time they fire.
     */
    static boolean isExpiryTime(long time) {
        return time % HOUR == 0;
    }

    private long expiryAt(long known) {
        long due = known + keepMillis;
        return (due / HOUR + 1) * HOUR;
    }
}
