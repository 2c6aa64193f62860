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
 * Notices a location's meters whose reads stopped, on the reads' own clock: it remembers when each meter's last
 * read ended and, once reads have moved past an instant (a later read of the location arrived, or the fleet's reads
 * moved on without the location: {@link SilenceSchedule}), at most every half hour lists the meters that have
 * missed enough intervals by that instant. Alerts never move this clock, so reads that arrive a day late never
 * make a meter look silent, and the end of an input is never taken for a fleet-wide silence.
 */
final class SilenceWatch {

    /** A meter that has missed {@code missedIntervals} intervals since its last read ended. */
    record Silent(String meterId, long lastReadEndMillis, long missedIntervals) {
    }

    /** When a meter's supply came back last before an instant, as far as was known then. */
    interface Restorations {
        long restoredBy(String meterId, long time) throws Exception;
    }

    static final long CHECK_EVERY_MILLIS = 30 * 60_000L;
    private static final int USUAL_MINUTES = 30;

    private final MapState<String, ReadClock> readClocks;
    private final ValueState<Long> nextCheck;
    private final ValueState<Long> readInstant;
    private final ValueState<Integer> readInstantMinutes;

    SilenceWatch(RuntimeContext context) {
        this.readClocks = context.getMapState(
                new MapStateDescriptor<>("read-clocks", Types.STRING, TypeInformation.of(ReadClock.class)));
        this.nextCheck = context.getState(new ValueStateDescriptor<>("next-silence-check", Types.LONG));
        this.readInstant = context.getState(new ValueStateDescriptor<>("read-instant", Types.LONG));
        this.readInstantMinutes = context.getState(new ValueStateDescriptor<>("read-instant-minutes", Types.INT));
    }

    /**
     * A read of the location ending at {@code time}, its interval {@code minutes} long, is about to be evaluated:
     * returns the earlier read instant it completes when a silence check is due there, else null. Reads of one
     * location arrive in time order.
     */
    Long completes(long time, int minutes) throws Exception {
        Long current = readInstant.value();
        if (current != null && time <= current) {
            return null;
        }
        readInstant.update(time);
        readInstantMinutes.update(minutes);
        if (current == null) {
            return null;
        }
        return isDue(current) ? current : null;
    }

    /**
     * The instants the schedule checks the location at since its latest read, before {@code before} and no later
     * than {@code through}, leaving out those already checked (for input sorted by time, where the reads' progress
     * is seen only at the location's next read and at the input's end).
     */
    List<Long> scheduledChecks(SilenceSchedule schedule, long before, long through) throws Exception {
        Long latest = readInstant.value();
        if (schedule == null || latest == null) {
            return List.of();
        }
        Integer minutes = readInstantMinutes.value();
        Long due = nextCheck.value();
        return schedule.between(latest, minutes == null ? USUAL_MINUTES : minutes, before, through).stream()
                .filter(check -> due == null || check >= due).toList();
    }

    /** True when the location may be checked at the instant (checks are at least half an hour apart). */
    boolean isDue(long time) throws Exception {
        Long due = nextCheck.value();
        return due == null || time >= due;
    }

    /** The meter has left the location: it is no longer watched. */
    void forget(String meterId) throws Exception {
        readClocks.remove(meterId);
    }

    /** A read was evaluated: the meter's clock moves to its end (never back). */
    void onRead(String meterId, IntervalRead read) throws Exception {
        ReadClock clock = readClocks.get(meterId);
        long end = read.end().toEpochMilli();
        if (clock == null || end > clock.lastReadEndMillis()) {
            readClocks.put(meterId, new ReadClock(end, read.minutes()));
        }
    }

    /**
     * The meters silent for at least {@code missedIntervals} at the read instant, by meter id; a meter back on
     * supply sent no reads while it was off, so its silence counts from its restoration. The next check is due
     * half an hour later.
     */
    List<Silent> check(long time, double missedIntervals, Restorations restorations) throws Exception {
        nextCheck.update(time + CHECK_EVERY_MILLIS);
        List<Silent> silent = new ArrayList<>();
        for (Map.Entry<String, ReadClock> entry : readClocks.entries()) {
            ReadClock clock = entry.getValue();
            long since = Math.max(clock.lastReadEndMillis(), restorations.restoredBy(entry.getKey(), time));
            long missed = (time - since) / (clock.minutes() * 60_000L);
            if (missed >= missedIntervals) {
                silent.add(new Silent(entry.getKey(), since, missed));
            }
        }
        silent.sort((a, b) -> a.meterId().compareTo(b.meterId()));
        return silent;
    }
}
