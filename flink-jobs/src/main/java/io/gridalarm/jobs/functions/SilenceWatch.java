package io.gridalarm.jobs.functions;

import io.gridalarm.model.IntervalRead;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Notices a location's meters whose reads stopped: it remembers when each meter's last read ended and, every half
 * hour of the location's own event time, lists the meters that have missed enough intervals. Only the location's
 * own records move this clock, so the end of an input never reads as a fleet-wide silence.
 */
final class SilenceWatch {

    /** A meter that has missed {@code missedIntervals} intervals since its last read ended. */
    record Silent(String meterId, long lastReadEndMillis, long missedIntervals) {
    }

    static final long CHECK_EVERY_MILLIS = 30 * 60_000L;

    private final MapState<String, ReadClock> readClocks;
    private final ValueState<Long> nextCheck;

    SilenceWatch(RuntimeContext context) {
        this.readClocks = context.getMapState(
                new MapStateDescriptor<>("read-clocks", Types.STRING, TypeInformation.of(ReadClock.class)));
        this.nextCheck = context.getState(new ValueStateDescriptor<>("next-silence-check", Types.LONG));
    }

    /** A read arrived: the meter's clock moves to its end (never back). */
    void onRead(String meterId, IntervalRead read) throws Exception {
        ReadClock clock = readClocks.get(meterId);
        long end = read.end().toEpochMilli();
        if (clock == null || end > clock.lastReadEndMillis()) {
            readClocks.put(meterId, new ReadClock(end, read.minutes()));
        }
    }

    /** A meter back on supply sent no reads while it was off: its silence is counted from its restoration. */
    void restart(String meterId, long restoredMillis) throws Exception {
        ReadClock clock = readClocks.get(meterId);
        if (clock != null && clock.lastReadEndMillis() < restoredMillis) {
            readClocks.put(meterId, new ReadClock(restoredMillis, clock.minutes()));
        }
    }

    /**
     * The meters silent for at least {@code missedIntervals} at the instant, by meter id, when a check is due
     * (then the next is due half an hour later); an empty list otherwise.
     */
    List<Silent> check(long time, double missedIntervals) throws Exception {
        Long due = nextCheck.value();
        if (due != null && time < due) {
            return List.of();
        }
        if (readClocks.isEmpty()) {
            nextCheck.clear();
            return List.of();
        }
        nextCheck.update(time + CHECK_EVERY_MILLIS);
        List<Silent> silent = new ArrayList<>();
        for (Map.Entry<String, ReadClock> entry : readClocks.entries()) {
            ReadClock clock = entry.getValue();
            long missed = (time - clock.lastReadEndMillis()) / (clock.minutes() * 60_000L);
            if (missed >= missedIntervals) {
                silent.add(new Silent(entry.getKey(), clock.lastReadEndMillis(), missed));
            }
        }
        silent.sort((a, b) -> a.meterId().compareTo(b.meterId()));
        return silent;
    }
}
