package io.gridalarm.model;

import java.time.Instant;
import java.util.Comparator;

/**
 * A validated event or interval read together with the registry row valid at its time: the unit the rules see.
 * Exactly one of {@code event} and {@code read} is set; {@code receivedAt}, when the line said when it reached the
 * system (as exported from the topics), lets a replay reproduce what a live job did with it.
 */
public record MeterRecord(MeterEvent event, IntervalRead read, RegistryRow meter, Instant receivedAt) {

    public MeterRecord {
        if ((event == null) == (read == null)) {
            throw new IllegalArgumentException("A meter record holds exactly one of an event and a read.");
        }
        if (meter == null) {
            throw new IllegalArgumentException("A meter record needs the registry row valid at its time.");
        }
        String ownId = event != null ? event.meterId() : read.meterId();
        if (!ownId.equals(meter.meterId())) {
            throw new IllegalArgumentException("The record is about meter " + ownId + " but its registry row is for "
                    + meter.meterId() + ".");
        }
    }

    public static MeterRecord of(MeterEvent event, RegistryRow meter) {
        return new MeterRecord(event, null, meter, null);
    }

    public static MeterRecord of(IntervalRead read, RegistryRow meter) {
        return new MeterRecord(null, read, meter, null);
    }

    /** The same record, said to have reached the system at the instant (null: not said). */
    public MeterRecord withReceivedAt(Instant instant) {
        return new MeterRecord(event, read, meter, instant);
    }

    public String meterId() {
        return meter.meterId();
    }

    public boolean isEvent() {
        return event != null;
    }

    /** Event time: when the event happened, or when the read's interval ended. */
    public Instant time() {
        return event != null ? event.time() : read.end();
    }

    /**
     * A total order for records at the same instant (by meter; events before reads; then by event id, or by start
     * and length), so that rules see ties in the same order whatever order they arrived in. Records that compare
     * equal are one record delivered twice.
     */
    public static final Comparator<MeterRecord> TIE_ORDER = Comparator
            .comparing(MeterRecord::meterId)
            .thenComparingInt(r -> r.isEvent() ? 0 : 1)
            .thenComparing(r -> r.isEvent() ? r.event().eventId() : "")
            .thenComparingLong(r -> r.isEvent() ? 0L : r.read().start().getEpochSecond())
            .thenComparingInt(r -> r.isEvent() ? 0 : r.read().minutes());
}
