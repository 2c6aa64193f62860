package io.gridalarm.jobs.functions;

import io.gridalarm.model.DccRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One counter's critical commands (one user's, or the fleet's, of one service), as Flink state keeps them: those
 * counted within the window, those waiting for the clock to reach them, and the anomaly alarms open (since when,
 * and the requests held beyond the quarantine level).
 */
public record CommandWindow(List<Entry> counted, List<Entry> waiting, Instant warnedSince,
                            Instant quarantinedSince, List<Entry> held) {

    /** One request as the counter keeps it. */
    public record Entry(long time, String requestId, String meterId, String user, DccRole role) {
    }

    static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::time).thenComparing(Entry::requestId);

    public CommandWindow {
        counted = counted == null ? List.of() : List.copyOf(counted);
        waiting = waiting == null ? List.of() : List.copyOf(waiting);
        held = held == null ? List.of() : List.copyOf(held);
    }

    static final CommandWindow EMPTY = new CommandWindow(List.of(), List.of(), null, null, List.of());

    /** The same window with a request waiting for the clock (a re-delivered request is already there). */
    CommandWindow arrive(Entry entry) {
        if (waiting.stream().anyMatch(e -> e.requestId().equals(entry.requestId()))
                || counted.stream().anyMatch(e -> e.requestId().equals(entry.requestId()))) {
            return this;
        }
        List<Entry> more = new ArrayList<>(waiting);
        more.add(entry);
        more.sort(ORDER);
        return new CommandWindow(counted, more, warnedSince, quarantinedSince, held);
    }

    /** True when nothing is counted, waiting or open: the state can go. */
    boolean isEmpty() {
        return counted.isEmpty() && waiting.isEmpty() && warnedSince == null && quarantinedSince == null;
    }
}
