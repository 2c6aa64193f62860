package io.gridalarm.model;

/** Where a meter's supply switch (electricity load switch or gas valve) stands, as its outcomes and alerts say. */
public enum SwitchPosition {
    /** Supply enabled: energy flows. */
    CONNECTED,
    /** Supply disabled by a command: no energy flows until it is enabled again. */
    DISCONNECTED,
    /** Disabled and armed: the consumer may restore supply at the meter (a button press). */
    ARMED,
    /** Disabled by the load limiter; the meter enables supply again on its own after the restoration period. */
    LOAD_LIMITED;

    /** True when no energy flows through the switch. */
    public boolean isOff() {
        return this != CONNECTED;
    }
}
