package io.gridalarm.model;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The DCC's response to a service request: the meter's outcome, or a DCC response code.
 *
 * @param outcome {@link #SUCCESS}, {@link #FAILURE}, or a DCC response code such as {@code E20} (cannot
 *     communicate with the device) or {@code E21} (no response from it)
 * @param time when the response came
 */
public record ServiceResponse(String requestId, String meterId, String outcome, Instant time)
        implements ServiceMessage {

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";
    private static final Pattern RESPONSE_CODE = Pattern.compile("E[0-9]{1,3}");

    public ServiceResponse {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(time, "time");
    }

    /** True when the meter carried the request out. */
    public boolean succeeded() {
        return SUCCESS.equals(outcome);
    }

    /** True for an outcome this system understands: SUCCESS, FAILURE, or a DCC response code {@code E<n>}. */
    public static boolean isKnownOutcome(String outcome) {
        return SUCCESS.equals(outcome) || FAILURE.equals(outcome) || RESPONSE_CODE.matcher(outcome).matches();
    }
}
