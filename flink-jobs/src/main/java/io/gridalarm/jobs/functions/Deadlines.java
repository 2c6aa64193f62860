package io.gridalarm.jobs.functions;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.SortedSet;
import org.pcollections.TreePSet;

/**
 * The instants at which time alone changes a meter of one location (a confirmation delay running out), in order,
 * so they are settled before any later record of the location, whatever meter it is from. Kept twice over, by time
 * and by meter, in persistent sets: in a storm a location waits on thousands of meters, and taking one meter's
 * deadline out costs a logarithm, not a walk over all of them.
 */
public final class Deadlines {

    /** One meter's deadline, in event-time milliseconds. */
    public record Deadline(long time, String meterId) {
    }

    private static final Comparator<Deadline> BY_TIME =
            Comparator.comparingLong(Deadline::time).thenComparing(Deadline::meterId);
    private static final Comparator<Deadline> BY_METER =
            Comparator.comparing(Deadline::meterId).thenComparingLong(Deadline::time);

    private final TreePSet<Deadline> byTime;
    private final TreePSet<Deadline> byMeter;

    /** The deadlines given, in any order (one meter and instant once). */
    public Deadlines(Collection<Deadline> entries) {
        this(TreePSet.from(BY_TIME, entries), TreePSet.from(BY_METER, entries));
    }

    /**
     * The deadlines as {@link #entries()} lists them, in time order: each order's tree is built in one pass, as state
     * read from RocksDB is read on every change of a location's deadlines.
     */
    public static Deadlines inTimeOrder(List<Deadline> entries) {
        Deadline[] byMeter = entries.toArray(new Deadline[0]);
        Arrays.sort(byMeter, BY_METER);
        return new Deadlines(TreePSet.fromSortedSet(new SortedList<>(entries, BY_TIME)),
                TreePSet.fromSortedSet(new SortedList<>(Arrays.asList(byMeter), BY_METER)));
    }

    private Deadlines(TreePSet<Deadline> byTime, TreePSet<Deadline> byMeter) {
        this.byTime = byTime;
        this.byMeter = byMeter;
    }

    /** Every deadline, in time order. */
    public List<Deadline> entries() {
        return List.copyOf(byTime);
    }

    /** The earliest deadline's instant. */
    public long earliest() {
        return byTime.first().time();
    }

    /** These deadlines and one more (or the same, if the meter already waits for that instant). */
    public Deadlines with(Deadline deadline) {
        return byTime.contains(deadline) ? this : new Deadlines(byTime.plus(deadline), byMeter.plus(deadline));
    }

    /** These deadlines without the meter's (null when none are left). */
    public Deadlines without(String meterId) {
        NavigableSet<Deadline> meters = byMeter.subSet(new Deadline(Long.MIN_VALUE, meterId), true,
                new Deadline(Long.MAX_VALUE, meterId), true);
        return meters.isEmpty() ? this : remaining(List.copyOf(meters));
    }

    /** The deadlines at or before the instant, in order. */
    public List<Deadline> dueBy(long time) {
        return List.copyOf(time == Long.MAX_VALUE ? byTime : byTime.headSet(new Deadline(time + 1, ""), false));
    }

    /** The deadlines after the instant, or null when none are left. */
    public Deadlines after(long time) {
        return remaining(dueBy(time));
    }

    private Deadlines remaining(List<Deadline> taken) {
        return taken.size() == byTime.size() ? null
                : new Deadlines(byTime.minusAll(taken), byMeter.minusAll(taken));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Deadlines that && byTime.equals(that.byTime);
    }

    @Override
    public int hashCode() {
        return byTime.hashCode();
    }

    @Override
    public String toString() {
        return "Deadlines" + byTime;
    }

    /**
     * A list already in its order, seen as the sorted set a persistent tree is built from in one pass; it is only
     * walked, never asked anything else.
     */
    private static final class SortedList<E> extends AbstractSet<E> implements SortedSet<E> {
        private final List<E> items;
        private final Comparator<? super E> order;

        SortedList(List<E> items, Comparator<? super E> order) {
            this.items = items;
            this.order = order;
        }

        @Override
        public Iterator<E> iterator() {
            return items.iterator();
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public Comparator<? super E> comparator() {
            return order;
        }

        @Override
        public SortedSet<E> subSet(E from, E to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedSet<E> headSet(E to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedSet<E> tailSet(E from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public E first() {
            return items.get(0);
        }

        @Override
        public E last() {
            return items.get(items.size() - 1);
        }
    }
}
