package io.gridalarm.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The assets above a point of the network, from the bottom up: for a meter its LV feeder, its secondary substation
 * and what the network file puts above that (HV feeder, primary, ...). Empty when nothing is known.
 */
public record NetworkPath(List<PathStep> steps) {

    /** No assets known. */
    public static final NetworkPath NONE = new NetworkPath(List.of());

    public NetworkPath {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A meter's path: its feeder and substation (either may be null, as the registry gives them), then above. */
    public static NetworkPath of(String feederId, String substationId, NetworkPath above) {
        List<PathStep> all = new ArrayList<>();
        if (feederId != null) {
            all.add(new PathStep(feederId, AssetKind.LV_FEEDER));
        }
        if (substationId != null) {
            all.add(new PathStep(substationId, AssetKind.SECONDARY_SUBSTATION));
        }
        if (above != null) {
            all.addAll(above.steps);
        }
        return new NetworkPath(all);
    }

    /**
     * What the network puts above an asset, from its parent up, given every asset by id (a parent not given ends
     * the path; {@link NetworkCsv} refuses such files and circles).
     */
    public static NetworkPath above(NetworkAsset asset, Map<String, NetworkAsset> assets) {
        List<PathStep> steps = new ArrayList<>();
        NetworkAsset parent = asset.parentId() == null ? null : assets.get(asset.parentId());
        while (parent != null && steps.size() < assets.size()) {
            steps.add(new PathStep(parent.assetId(), parent.kind()));
            parent = parent.parentId() == null ? null : assets.get(parent.parentId());
        }
        return new NetworkPath(steps);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The highest asset, or null when empty. */
    public PathStep top() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1);
    }

    /** True when the asset is on this path. */
    public boolean contains(String assetId) {
        return indexOf(assetId) >= 0;
    }

    /** The position of the asset on the path (0 at the bottom), or -1. */
    public int indexOf(String assetId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).assetId().equals(assetId)) {
                return i;
            }
        }
        return -1;
    }

    /** The asset just above the one at {@code index}, or null at the top. */
    public String parentOf(int index) {
        return index + 1 < steps.size() ? steps.get(index + 1).assetId() : null;
    }

    /** The part of the path from the asset up (the asset's own path), or empty when it is not on this path. */
    public NetworkPath from(String assetId) {
        int index = indexOf(assetId);
        return index < 0 ? NONE : new NetworkPath(steps.subList(index, steps.size()));
    }
}
