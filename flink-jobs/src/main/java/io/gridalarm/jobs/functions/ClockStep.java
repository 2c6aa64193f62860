package io.gridalarm.jobs.functions;

/** Both watermarks of a live job just after {@code moment} of arrival (epoch milliseconds), as a replay simulates them. */
public record ClockStep(long moment, long alerts, long reads) {
}
