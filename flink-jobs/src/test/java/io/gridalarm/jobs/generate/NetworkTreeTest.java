package io.gridalarm.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.NetworkAsset;
import io.gridalarm.model.RegistryRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generated network above a registry: GB-like sizes, one operator per HV feeder and primary. */
class NetworkTreeTest {

    private static List<RegistryRow> substations(String operator, int count) {
        List<RegistryRow> rows = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            rows.add(new RegistryRow(operator + "-" + s, Fuel.ELECTRICITY, "F-" + operator + "-" + s,
                    String.format("S-%s-%04d", operator, s), operator, "ALFA", Instant.parse("2025-01-01T00:00:00Z")));
        }
        return rows;
    }

    private static Map<String, Long> childrenOf(List<NetworkAsset> assets, AssetKind kind) {
        return assets.stream().filter(a -> a.kind() == kind)
                .collect(Collectors.groupingBy(NetworkAsset::parentId, TreeMap::new, Collectors.counting()));
    }

    @Test
    void secondariesFillHvFeedersOfFifteenAndHvFeedersFillPrimariesOfEightWithinEachOperator() {
        List<RegistryRow> rows = new ArrayList<>(substations("10", 200));
        rows.addAll(substations("11", 20));
        rows.add(new RegistryRow("gas", Fuel.GAS, null, null, "XW", "ALFA", Instant.parse("2025-01-01T00:00:00Z")));
        List<NetworkAsset> assets = NetworkTree.of(rows);
        Map<String, Long> perHv = childrenOf(assets, AssetKind.SECONDARY_SUBSTATION);
        assertEquals(15L, perHv.get("HV-10-0000"));
        assertEquals(200L - 13 * 15, perHv.get("HV-10-0013"), "the operator's last HV feeder takes the rest");
        assertEquals(5L, perHv.get("HV-11-0001"));
        assertEquals(Map.of("P-10-000", 8L, "P-10-001", 6L, "P-11-000", 2L),
                childrenOf(assets, AssetKind.HV_FEEDER));
        assertEquals(220, childrenOf(assets, AssetKind.LV_FEEDER).size(), "every substation keeps its feeders");
        assertEquals(List.of("P-10-000", "P-10-001", "P-11-000"), assets.stream().limit(3)
                .map(NetworkAsset::assetId).toList(), "tops first; a gas meter adds nothing");
    }
}
