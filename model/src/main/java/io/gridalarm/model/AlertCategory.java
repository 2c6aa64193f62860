package io.gridalarm.model;

/** What a GBCS alert is about, as grouped in the reference table of alert codes. */
public enum AlertCategory {
    OUTAGE,
    RESTORE,
    DEVICE,
    VOLTAGE_HIGH,
    VOLTAGE_LOW,
    VOLTAGE_EXTREME_HIGH,
    VOLTAGE_SWELL,
    VOLTAGE_EXTREME_LOW,
    VOLTAGE_SAG,
    VOLTAGE_NORMAL,
    SAFETY,
    SUPPLY_CONTROL,
    TAMPER
}
