package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.util.Comparator;

/** How each network location's records reach the rule operator, and so in which order it evaluates them. */
public enum InputOrder {

    /** A stream: alerts wait for the alerts' watermark; reads come in time order per location and go at once. */
    STREAM,
    /** A replay: every record sorted by event time, an instant's alerts before its reads. */
    EVENT_TIME,
    /**
     * A replay as received ({@link PlaceByArrival}): sorted by where the live job evaluated each record, and the
     * reads at one such place in the order the live job let them through (their {@code receivedAt} there).
     */
    AS_RECEIVED;

    private static final Comparator<MeterRecord> BY_TIME =
            Comparator.comparing(MeterRecord::time).thenComparing(MeterRecord.TIE_ORDER);
    private static final Comparator<MeterRecord> BY_RELEASE = Comparator.<MeterRecord>comparingLong(
            record -> record.onAlertsClock() || record.receivedAt() == null ? Long.MIN_VALUE
                    : record.receivedAt().toEpochMilli()).thenComparing(BY_TIME);

    /** True when each location's records arrive sorted (a bounded replay), so an instant ends at the next one. */
    boolean sorted() {
        return this != STREAM;
    }

    /** The order of the records handed over together; records that compare equal are one delivered twice. */
    Comparator<MeterRecord> withinInstant() {
        return this == AS_RECEIVED ? BY_RELEASE : BY_TIME;
    }
}
