package io.gridalarm.model;

/** One asset on a meter's way up the network tree: its id and kind. */
public record PathStep(String assetId, AssetKind kind) {

    public PathStep {
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("A step of a network path needs an asset id.");
        }
        if (kind == null) {
            throw new IllegalArgumentException("The step " + assetId + " of a network path needs a kind.");
        }
    }
}
