package io.gridalarm.model;

/** One asset of the network tree: its id, the asset above it (null at the top), its kind and an optional name. */
public record NetworkAsset(String assetId, String parentId, AssetKind kind, String name) {

    public NetworkAsset {
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("A network asset needs an id.");
        }
        if (kind == null) {
            throw new IllegalArgumentException("The network asset " + assetId + " needs a kind.");
        }
        if (assetId.equals(parentId)) {
            throw new IllegalArgumentException("The network asset " + assetId + " cannot be its own parent.");
        }
    }
}
