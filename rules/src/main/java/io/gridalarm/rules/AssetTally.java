package io.gridalarm.rules;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.PathStep;
import io.gridalarm.rules.fact.AssetVerdict;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Meters counted on every asset above them, each asset with its own path up the tree: what the roll-ups show their
 * rules. Also picks, from the rules' verdicts, the highest assets whose parent has none.
 */
final class AssetTally {

    /** How many counted meters are below one asset, and the asset's own path up the tree. */
    static final class Below {
        private final NetworkPath path;
        private int meters;

        private Below(NetworkPath path) {
            this.path = path;
        }

        NetworkPath path() {
            return path;
        }

        int meters() {
            return meters;
        }

        AssetKind kind() {
            return path.steps().get(0).kind();
        }

        /** The asset above, or null at the top of what is known. */
        String parentId() {
            return path.parentOf(0);
        }
    }

    private final Map<String, Below> byAsset = new TreeMap<>();

    /** Counts one meter on every asset of its path. */
    void add(NetworkPath meterPath) {
        List<PathStep> steps = meterPath.steps();
        for (int i = 0; i < steps.size(); i++) {
            int from = i;
            byAsset.computeIfAbsent(steps.get(i).assetId(),
                    id -> new Below(new NetworkPath(steps.subList(from, steps.size())))).meters++;
        }
    }

    /** The counts, by asset id in order. */
    Map<String, Below> byAsset() {
        return byAsset;
    }

    /**
     * The verdicts on assets whose parent has none (one per asset, the first given), highest kind first, so a group
     * is never formed only to be rolled up into its parent at the same instant.
     */
    static <V extends AssetVerdict> List<V> highest(List<V> verdicts) {
        Map<String, V> byAsset = new TreeMap<>();
        for (V verdict : verdicts) {
            byAsset.putIfAbsent(verdict.assetId(), verdict);
        }
        return byAsset.values().stream()
                .filter(v -> v.parentId() == null || !byAsset.containsKey(v.parentId()))
                .sorted(Comparator.comparing((V v) -> v.kind()).reversed().thenComparing(AssetVerdict::assetId))
                .toList();
    }
}
