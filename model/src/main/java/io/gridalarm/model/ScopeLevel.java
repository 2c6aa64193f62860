package io.gridalarm.model;

/** The part of the network an alarm is about, from one meter up to a whole substation. */
public enum ScopeLevel {
    METER,
    FEEDER,
    SUBSTATION
}
