package io.gridalarm.rules.fact;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.Severity;
import io.gridalarm.model.SwitchPosition;

/**
 * A switching-risk rule's finding: so many meters below this asset were switched the same way within minutes that
 * its network operator must know (a mass disconnection, or cold-load pickup on reconnection). The highest asset with
 * a verdict whose parent has none becomes the one alarm.
 */
public record SwitchingVerdict(String assetId, AssetKind kind, String parentId, SwitchPosition position, String rule,
                               Severity severity) implements AssetVerdict {

    /** The verdict on an asset whose spread the rules saw. */
    public static SwitchingVerdict of(SwitchingSpread asset, String rule, Severity severity) {
        return new SwitchingVerdict(asset.assetId(), asset.kind(), asset.parentId(), asset.position(), rule,
                severity);
    }
}
