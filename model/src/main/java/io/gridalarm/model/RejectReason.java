package io.gridalarm.model;

/** Why an input line could not be used; each dead letter names one, with a sentence of detail. */
public enum RejectReason {
    BAD_JSON("the line is not one JSON object"),
    MISSING_FIELD("a required field is missing or empty"),
    BAD_FIELD_TYPE("a field has the wrong type"),
    BAD_TIME("a time is missing or not an ISO-8601 instant"),
    UNKNOWN_ALERT_CODE("the alert code is not a known GBCS alert code"),
    UNKNOWN_SERVICE("the service is not a supply-control service this system knows"),
    IMPOSSIBLE_VALUE("a value is impossible"),
    IMPLAUSIBLE_VALUE("a value is beyond what the supply could physically deliver"),
    UNKNOWN_METER("the meter is not in the registry"),
    NOT_REGISTERED_AT_TIME("the meter has no registry row valid at that time"),
    FUEL_MISMATCH("the fuel contradicts the registry or the alert code");

    private final String summary;

    RejectReason(String summary) {
        this.summary = summary;
    }

    /** A short sentence for listings. */
    public String summary() {
        return summary;
    }
}
