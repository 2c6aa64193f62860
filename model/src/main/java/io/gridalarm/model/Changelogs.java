package io.gridalarm.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The values of the registry and network changelog topics: a meter's whole registry history under its id (every
 * row, so compaction never loses a past supplier that a replay of old events needs), and an asset under its id.
 */
public final class Changelogs {

    private Changelogs() {
    }

    /** The registry topic's value for a meter's rows (in any order; stored by validFrom). */
    public static byte[] meterValue(List<RegistryRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("A meter's registry value needs at least one row.");
        }
        return Json.line(new MeterHistory(rows.get(0).meterId(), rows)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A meter's history from the registry topic's record: its key and value, a tombstone (null value) saying that
     * the meter was removed.
     */
    public static MeterHistory meterHistory(String meterId, byte[] value) throws InputException {
        if (value == null) {
            return MeterHistory.removed(meterId);
        }
        try {
            MeterHistory history = Json.mapper().readValue(value, MeterHistory.class);
            if (history.isRemoved() || !history.meterId().equals(meterId)) {
                throw new InputException("The registry value under key " + meterId + " must hold that meter's rows.");
            }
            return history;
        } catch (IOException e) {
            throw new InputException("The registry value under key " + meterId + " is not a meter's history: "
                    + e.getMessage());
        }
    }

    /**
     * The network topic's value for an asset: the asset and what is above it (so a substation's value alone tells its
     * meters' way up; when an asset higher up moves, the values of everything below it change too).
     */
    public record AssetValue(String assetId, String parentId, AssetKind kind, String name, List<PathStep> above) {

        /** The asset this value describes. */
        public NetworkAsset asset() {
            return new NetworkAsset(assetId, parentId, kind, name);
        }
    }

    /** The network topic's value for an asset of the tree given by {@code assets}. */
    public static byte[] assetValue(NetworkAsset asset, Map<String, NetworkAsset> assets) {
        return Json.line(new AssetValue(asset.assetId(), asset.parentId(), asset.kind(), asset.name(),
                NetworkPath.above(asset, assets).steps())).getBytes(StandardCharsets.UTF_8);
    }

    /** An asset's place from the network topic's record: its key and value, a tombstone (null) its removal. */
    public static AssetPlace assetPlace(String assetId, byte[] value) throws InputException {
        if (value == null) {
            return new AssetPlace(assetId, NetworkPath.NONE);
        }
        try {
            AssetValue parsed = Json.mapper().readValue(value, AssetValue.class);
            if (!assetId.equals(parsed.assetId())) {
                throw new InputException("The network value under key " + assetId + " must describe that asset.");
            }
            return new AssetPlace(assetId, new NetworkPath(parsed.above()));
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("The network value under key " + assetId + " is not an asset: " + e.getMessage());
        }
    }

    /** The asset a network value describes. */
    public static NetworkAsset asset(byte[] value) throws InputException {
        try {
            return Json.mapper().readValue(value, AssetValue.class).asset();
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("A network value is not an asset: " + e.getMessage());
        }
    }
}
