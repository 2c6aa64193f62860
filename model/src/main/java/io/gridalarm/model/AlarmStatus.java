package io.gridalarm.model;

/** Where an alarm is in its life: first sent, changed (more meters, new values), or over. */
public enum AlarmStatus {
    RAISED,
    UPDATED,
    CLEARED
}
