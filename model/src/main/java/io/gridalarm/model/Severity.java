package io.gridalarm.model;

/** How urgently a recipient should act, most urgent first. */
public enum Severity {
    CRITICAL,
    MAJOR,
    MINOR,
    WARNING,
    INFO
}
