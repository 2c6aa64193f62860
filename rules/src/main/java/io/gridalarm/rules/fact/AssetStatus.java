package io.gridalarm.rules.fact;

import io.gridalarm.model.AssetKind;

/**
 * One asset of the network with meters off supply below it (confirmed) at one moment, for roll-up rules: how many
 * meters it feeds now ({@code meters}), how many of them are off, and how many assets hang directly below it with
 * meters ({@code children}; for an LV feeder, none: its meters are its children). {@code parentId} is null at the
 * top of what is known.
 */
public record AssetStatus(String assetId, AssetKind kind, String parentId, int meters, int metersOff, int children) {

    /** The share of the asset's meters that are off; 1 when the registry gives no size. */
    public double shareOff() {
        return meters == 0 ? 1.0 : (double) metersOff / meters;
    }
}
