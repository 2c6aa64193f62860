package io.gridalarm.jobs.functions;

/** When a meter's last read ended and how long its intervals are, to notice when its reads stop. */
public record ReadClock(long lastReadEndMillis, int minutes) {
}
