package io.gridalarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values of the registry and network topics. */
class ChangelogsTest {

    private static final RegistryRow BEFORE = new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "ALFA",
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final RegistryRow AFTER = new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "CHRL",
            Instant.parse("2026-11-20T12:00:00Z"));

    @Test
    void aMetersValueHoldsItsWholeHistoryByValidFrom() throws Exception {
        byte[] value = Changelogs.meterValue(List.of(AFTER, BEFORE));
        assertEquals(List.of(BEFORE, AFTER), Changelogs.meterHistory("M1", value).rows());
        assertEquals(new String(value, StandardCharsets.UTF_8),
                new String(Changelogs.meterValue(List.of(BEFORE, AFTER)), StandardCharsets.UTF_8),
                "the same history gives the same bytes, whatever the order of the file");
    }

    @Test
    void aTombstoneIsTheMetersRemoval() throws Exception {
        assertTrue(Changelogs.meterHistory("M1", null).isRemoved());
    }

    @Test
    void anAssetRoundTripsWithItsWayUpTheTree() throws Exception {
        NetworkAsset primary = new NetworkAsset("P1", "B1", AssetKind.PRIMARY_SUBSTATION, null);
        NetworkAsset bsp = new NetworkAsset("B1", null, AssetKind.BSP, "Bulk");
        NetworkAsset hv = new NetworkAsset("HV1", "P1", AssetKind.HV_FEEDER, null);
        NetworkAsset secondary = new NetworkAsset("S1", "HV1", AssetKind.SECONDARY_SUBSTATION, null);
        Map<String, NetworkAsset> tree = Map.of("P1", primary, "B1", bsp, "HV1", hv, "S1", secondary);
        byte[] value = Changelogs.assetValue(secondary, tree);
        assertEquals(secondary, Changelogs.asset(value));
        assertEquals(new AssetPlace("S1", new NetworkPath(List.of(new PathStep("HV1", AssetKind.HV_FEEDER),
                new PathStep("P1", AssetKind.PRIMARY_SUBSTATION), new PathStep("B1", AssetKind.BSP)))),
                Changelogs.assetPlace("S1", value));
        assertEquals(new AssetPlace("S1", NetworkPath.NONE), Changelogs.assetPlace("S1", null), "a tombstone");
        assertThrows(InputException.class, () -> Changelogs.assetPlace("S2", value), "another asset's value");
    }

    @Test
    void aValueThatIsNotAHistoryOfOneMeterIsRefused() {
        assertThrows(InputException.class, () -> Changelogs.meterHistory("M1",
                "not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(InputException.class, () -> Changelogs.meterHistory("M2",
                "{\"meterId\":\"M2\",\"rows\":[]}".getBytes(StandardCharsets.UTF_8)));
        byte[] otherMeter = new String(Changelogs.meterValue(List.of(BEFORE)), StandardCharsets.UTF_8)
                .replace("\"meterId\":\"M1\",\"rows\"", "\"meterId\":\"M9\",\"rows\"").getBytes(StandardCharsets.UTF_8);
        assertThrows(InputException.class, () -> Changelogs.meterHistory("M1", otherMeter),
                "a value under another meter's key");
        assertThrows(InputException.class, () -> Changelogs.meterHistory("M1",
                "{\"meterId\":\"M1\",\"rows\":[{\"meterId\":\"M2\"}]}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> Changelogs.meterValue(List.of()));
    }
}
