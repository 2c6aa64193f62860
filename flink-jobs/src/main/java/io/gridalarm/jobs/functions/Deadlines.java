package io.gridalarm.jobs.functions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The instants at which time alone changes a meter of one location (a confirmation delay running out), in order,
 * so they are settled before any later record of the location, whatever meter it is from.
 */
public record Deadlines(List<Deadline> entries) {

    /** One meter's deadline, in event-time milliseconds. */
    public record Deadline(long time, String meterId) {
    }

    private static final Comparator<Deadline> ORDER =
            Comparator.comparingLong(Deadline::time).thenComparing(Deadline::meterId);

    public Deadlines {
        entries = List.copyOf(entries);
    }

    /** These deadlines and one more (or the same, if the meter already waits for that instant). */
    public Deadlines with(Deadline deadline) {
        int at = Collections.binarySearch(entries, deadline, ORDER);
        if (at >= 0) {
            return this;
        }
        List<Deadline> more = new ArrayList<>(entries.size() + 1);
        more.addAll(entries);
        more.add(-at - 1, deadline);
        return new Deadlines(more);
    }

    /** These deadlines without the meter's (null when none are left). */
    public Deadlines without(String meterId) {
        List<Deadline> left = entries.stream().filter(d -> !d.meterId().equals(meterId)).toList();
        return left.isEmpty() ? null : left.size() == entries.size() ? this : new Deadlines(left);
    }

    /** The deadlines at or before the instant, in order. */
    public List<Deadline> dueBy(long time) {
        int due = 0;
        while (due < entries.size() && entries.get(due).time() <= time) {
            due++;
        }
        return entries.subList(0, due);
    }

    /** The deadlines after the instant, or null when none are left. */
    public Deadlines after(long time) {
        List<Deadline> left = entries.subList(dueBy(time).size(), entries.size());
        return left.isEmpty() ? null : new Deadlines(left);
    }
}
