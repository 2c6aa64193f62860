package io.gridalarm.jobs.generate;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.NetworkAsset;
import io.gridalarm.model.RegistryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The network above a generated registry's feeders and substations, with roughly GB sizes: each secondary
 * substation on an HV feeder of {@value #SECONDARIES_PER_HV_FEEDER}, each HV feeder at a primary of
 * {@value #HV_FEEDERS_PER_PRIMARY}. Derived from the registry alone, so it adds nothing to the generator's random
 * streams and the rest of a generated fleet stays byte for byte the same.
 */
final class NetworkTree {

    static final int SECONDARIES_PER_HV_FEEDER = 15;
    static final int HV_FEEDERS_PER_PRIMARY = 8;

    private NetworkTree() {
    }

    /** The assets, tops first, each level in id order. */
    static List<NetworkAsset> of(List<RegistryRow> rows) {
        Map<String, String> substationOfFeeder = new TreeMap<>();
        Map<String, String> operatorOfSubstation = new TreeMap<>();
        for (RegistryRow row : rows) {
            if (row.substationId() != null) {
                operatorOfSubstation.put(row.substationId(), row.networkOperator());
                if (row.feederId() != null) {
                    substationOfFeeder.put(row.feederId(), row.substationId());
                }
            }
        }
        Map<String, NetworkAsset> primaries = new TreeMap<>();
        Map<String, NetworkAsset> hvFeeders = new TreeMap<>();
        List<NetworkAsset> secondaries = new ArrayList<>();
        Map<String, Integer> indexInOperator = new TreeMap<>();
        for (Map.Entry<String, String> substation : operatorOfSubstation.entrySet()) {
            String operator = substation.getValue();
            int index = indexInOperator.merge(operator, 1, Integer::sum) - 1;
            int hv = index / SECONDARIES_PER_HV_FEEDER;
            String primaryId = String.format(Locale.ROOT, "P-%s-%03d", operator, hv / HV_FEEDERS_PER_PRIMARY);
            String hvId = String.format(Locale.ROOT, "HV-%s-%04d", operator, hv);
            primaries.putIfAbsent(primaryId, new NetworkAsset(primaryId, null, AssetKind.PRIMARY_SUBSTATION, null));
            hvFeeders.putIfAbsent(hvId, new NetworkAsset(hvId, primaryId, AssetKind.HV_FEEDER, null));
            secondaries.add(new NetworkAsset(substation.getKey(), hvId, AssetKind.SECONDARY_SUBSTATION, null));
        }
        List<NetworkAsset> assets = new ArrayList<>(primaries.values());
        assets.addAll(hvFeeders.values());
        assets.addAll(secondaries);
        substationOfFeeder.forEach((feeder, substation) ->
                assets.add(new NetworkAsset(feeder, substation, AssetKind.LV_FEEDER, null)));
        return assets;
    }
}
