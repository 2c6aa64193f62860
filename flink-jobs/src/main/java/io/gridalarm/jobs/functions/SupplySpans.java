package io.gridalarm.jobs.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * One meter's recent losses of supply, each with the event time at which its start and its end became known, so
 * that a read judged late sees exactly what a replay in time order would have known at the read's own time.
 */
public record SupplySpans(List<Span> spans) {

    /** Not known yet: an open loss has no end, and its end no time of knowing. */
    public static final long NOT_YET = Long.MAX_VALUE;

    /** A loss of supply from {@code start} to {@code end}, in event-time milliseconds. */
    public record Span(long start, long startKnown, long end, long endKnown) {

        /** Off supply at the instant, as far as was known then. */
        boolean offAt(long time) {
            return startKnown <= time && start <= time && (end > time || endKnown > time);
        }

        /** The restoration, when it was known by the instant, else {@link Long#MIN_VALUE}. */
        long restoredBy(long time) {
            return endKnown <= time && end <= time ? end : Long.MIN_VALUE;
        }
    }

    public SupplySpans {
        spans = List.copyOf(spans);
    }

    /** These spans and a loss that began at {@code start}, known at {@code known} (once). */
    SupplySpans lost(long start, long known) {
        for (Span span : spans) {
            if (span.start() == start) {
                return this;
            }
        }
        List<Span> more = new ArrayList<>(spans);
        more.add(new Span(start, known, NOT_YET, NOT_YET));
        return new SupplySpans(more);
    }

    /** These spans with the loss that began at {@code start} ended at {@code end}, known at {@code known}. */
    SupplySpans restored(long start, long end, long known) {
        List<Span> changed = new ArrayList<>(spans.size() + 1);
        boolean found = false;
        for (Span span : spans) {
            if (span.start() == start && span.end() == NOT_YET) {
                changed.add(new Span(start, span.startKnown(), end, known));
                found = true;
            } else {
                changed.add(span);
            }
        }
        if (!found) {
            changed.add(new Span(start, known, end, known));
        }
        return new SupplySpans(changed);
    }

    /** The spans whose end became known at or after the instant (open ones always), or null when none are. */
    SupplySpans knownSince(long time) {
        List<Span> kept = spans.stream().filter(span -> span.endKnown() >= time).toList();
        return kept.isEmpty() ? null : kept.size() == spans.size() ? this : new SupplySpans(kept);
    }
}
