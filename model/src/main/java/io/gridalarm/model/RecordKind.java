package io.gridalarm.model;

/** The kinds of input line: meter events, interval reads, and service requests and responses. */
public enum RecordKind {
    EVENT,
    READ,
    REQUEST,
    RESPONSE
}
