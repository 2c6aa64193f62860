package io.gridalarm.model;

/** The two kinds of input line. */
public enum RecordKind {
    EVENT,
    READ
}
