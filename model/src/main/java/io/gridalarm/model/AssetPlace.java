package io.gridalarm.model;

/**
 * Where the network file puts an asset: the assets above it, from its parent up (empty at the top, or once the asset
 * is removed). The network join keeps it for each secondary substation, so a meter's records learn their way up.
 */
public record AssetPlace(String assetId, NetworkPath above) {

    public AssetPlace {
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("An asset's place needs the asset's id.");
        }
        above = above == null ? NetworkPath.NONE : above;
    }
}
