package io.gridalarm.rules.fact;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.Severity;

/**
 * A roll-up rule's finding: this asset is off supply as a group. Rules for an asset further up count the verdicts
 * of its children ({@code parentId}); the highest asset with a verdict whose parent has none becomes the alarm.
 */
public record GroupVerdict(String assetId, AssetKind kind, String parentId, String rule, Severity severity)
        implements AssetVerdict {

    /** The verdict on an asset whose status the rules saw. */
    public static GroupVerdict of(AssetStatus asset, String rule, Severity severity) {
        return new GroupVerdict(asset.assetId(), asset.kind(), asset.parentId(), rule, severity);
    }
}
