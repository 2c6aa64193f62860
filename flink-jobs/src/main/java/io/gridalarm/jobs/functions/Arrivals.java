package io.gridalarm.jobs.functions;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;

/**
 * When a record reaches the system: what its line says ({@code receivedAt}, as exported from the topics), else as GB
 * data arrives, an alert at once and a read in the batch of the night after its day.
 */
public final class Arrivals {

    /** When the nightly batch of reads arrives, after midnight. */
    public static final Duration BATCH_TIME = Duration.ofHours(2);
    private static final long DAY = Duration.ofDays(1).toMillis();

    private Arrivals() {
    }

    /** The record's arrival, in epoch milliseconds. */
    public static long of(MeterRecord record) {
        if (record.receivedAt() != null) {
            return record.receivedAt().toEpochMilli();
        }
        long time = record.time().toEpochMilli();
        return record.onAlertsClock() ? time : nextNight(time);
    }

    /** The nightly batch after the day of a read's interval (its end, less a moment, so midnight is the day before). */
    public static long nextNight(long readEndMillis) {
        long day = Math.floorDiv(readEndMillis - 1, DAY) * DAY;
        return day + DAY + BATCH_TIME.toMillis();
    }
}
