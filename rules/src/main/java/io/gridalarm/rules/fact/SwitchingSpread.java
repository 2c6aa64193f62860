package io.gridalarm.rules.fact;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.SwitchPosition;

/**
 * One asset of the network with meters switched the same way below it within the switching window, for the
 * switching-risk rules: how many meters it feeds now ({@code meters}; 0 when unknown) and how many of them were
 * switched to {@code position} (disconnected, or connected again) within {@code windowMinutes}. {@code parentId} is
 * null at the top of what is known.
 */
public record SwitchingSpread(String assetId, AssetKind kind, String parentId, SwitchPosition position, int meters,
                              int metersSwitched, long windowMinutes) {

    /** The share of the asset's meters switched; 1 when the registry gives no size. */
    public double shareSwitched() {
        return meters == 0 ? 1.0 : (double) metersSwitched / meters;
    }

    /** True for disconnections (a mass disconnection), false for reconnections (cold-load pickup). */
    public boolean disconnections() {
        return position == SwitchPosition.DISCONNECTED;
    }
}
