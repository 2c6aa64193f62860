package io.gridalarm.rules.fact;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.Severity;

/**
 * A voltage roll-up rule's finding: this asset's supply voltage is out of range as a whole (a tap or transformer
 * problem), not premise by premise. Rules for an asset further up count the verdicts of its children
 * ({@code parentId}); the highest asset with a verdict whose parent has none becomes the one alarm.
 */
public record VoltageVerdict(String assetId, AssetKind kind, String parentId, String rule, Severity severity)
        implements AssetVerdict {

    /** The verdict on an asset whose spread the rules saw. */
    public static VoltageVerdict of(VoltageSpread asset, String rule, Severity severity) {
        return new VoltageVerdict(asset.assetId(), asset.kind(), asset.parentId(), rule, severity);
    }
}
