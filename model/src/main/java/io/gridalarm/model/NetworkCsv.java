package io.gridalarm.model;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the network file ({@code assetId,parentId,kind[,name]}, one row per asset, {@code parentId} empty at the
 * top), refusing it with file, line and reason when an asset repeats, a kind is unknown, or a parent is missing or
 * not of a kind further up (so the parents never go round in a circle).
 */
public final class NetworkCsv {

    /** The header columns, in the order written. */
    public static final List<String> COLUMNS = List.of("assetId", "parentId", "kind", "name");
    private static final Set<String> REQUIRED = Set.of("assetId", "parentId", "kind");

    private NetworkCsv() {
    }

    /** The file's assets by id, in file order. */
    public static Map<String, NetworkAsset> read(Path file) throws InputException {
        Map<String, NetworkAsset> assets = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (Map.Entry<Integer, NetworkAsset> row : CsvRows.read(file, "network", REQUIRED, COLUMNS,
                (row, line) -> Map.entry(line, toAsset(row, file, line)))) {
            NetworkAsset asset = row.getValue();
            Integer earlier = lines.putIfAbsent(asset.assetId(), row.getKey());
            if (earlier != null) {
                throw new InputException(file + ":" + row.getKey() + ": the asset " + asset.assetId()
                        + " is already on line " + earlier + ".");
            }
            assets.put(asset.assetId(), asset);
        }
        for (NetworkAsset asset : assets.values()) {
            checkParent(asset, assets, file, lines.get(asset.assetId()));
        }
        return assets;
    }

    private static NetworkAsset toAsset(Map<String, String> row, Path file, int line) throws InputException {
        String assetId = CsvRows.required(row, "assetId", file, line);
        String kindText = CsvRows.required(row, "kind", file, line);
        AssetKind kind = AssetKind.parse(kindText);
        if (kind == null) {
            throw new InputException(file + ":" + line + ": kind '" + kindText + "' is not one of "
                    + Arrays.stream(AssetKind.values()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
        }
        String parentId = CsvRows.optional(row, "parentId");
        if (assetId.equals(parentId)) {
            throw new InputException(file + ":" + line + ": the asset " + assetId + " is its own parent.");
        }
        return new NetworkAsset(assetId, parentId, kind, CsvRows.optional(row, "name"));
    }

    private static void checkParent(NetworkAsset asset, Map<String, NetworkAsset> assets, Path file, int line)
            throws InputException {
        if (asset.parentId() == null) {
            return;
        }
        NetworkAsset parent = assets.get(asset.parentId());
        if (parent == null) {
            throw new InputException(file + ":" + line + ": the parent " + asset.parentId() + " of " + asset.assetId()
                    + " is not in the file.");
        }
        if (!asset.kind().mayHangBelow(parent.kind())) {
            throw new InputException(file + ":" + line + ": the " + asset.kind() + " " + asset.assetId()
                    + " cannot hang below the " + parent.kind() + " " + parent.assetId() + "; a parent is a kind "
                    + "further up (LV_FEEDER, SECONDARY_SUBSTATION, HV_FEEDER, PRIMARY_SUBSTATION, BSP, GSP).");
        }
    }

    /** Writes assets with the standard header, in the order given (a parent may come after its child). */
    public static void write(Writer out, Iterable<NetworkAsset> assets) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        for (NetworkAsset asset : assets) {
            out.write(String.join(",", asset.assetId(), asset.parentId() == null ? "" : asset.parentId(),
                    asset.kind().name(), asset.name() == null ? "" : asset.name()));
            out.write('\n');
        }
    }
}
