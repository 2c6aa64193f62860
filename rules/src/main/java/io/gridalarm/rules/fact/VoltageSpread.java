package io.gridalarm.rules.fact;

import io.gridalarm.model.AssetKind;

/**
 * One asset of the network with meters outside the statutory voltage range below it at one moment, for the voltage
 * roll-up rules: how many meters it feeds now ({@code meters}; 0 when unknown) and how many of them are out of range
 * in the same intervals (reads) or reported so within minutes ({@code fromAlerts}: voltage alerts, which only meters
 * configured for them send). {@code parentId} is null at the top of what is known.
 */
public record VoltageSpread(String assetId, AssetKind kind, String parentId, int meters, int metersOutOfRange,
                            boolean fromAlerts) {

    /** The share of the asset's meters out of range; 1 when the registry gives no size. */
    public double shareOutOfRange() {
        return meters == 0 ? 1.0 : (double) metersOutOfRange / meters;
    }
}
