package io.gridalarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network file: a tree of assets whose parents are always of a kind further up. */
class NetworkCsvTest {

    private static final String TREE = "assetId,parentId,kind,name\n"
            + "P1,,PRIMARY_SUBSTATION,Northgate\n"
            + "HV1,P1,hv_feeder,\n"
            + "S1,HV1,SECONDARY_SUBSTATION,\n"
            + "F1,S1,LV_FEEDER,\n";

    @TempDir
    Path dir;

    private Map<String, NetworkAsset> read(String text) throws InputException {
        try {
            return NetworkCsv.read(Files.writeString(dir.resolve("network.csv"), text));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String refusal(String text) {
        return assertThrows(InputException.class, () -> read(text)).getMessage();
    }

    @Test
    void aTreeOfAnyDepthIsReadInFileOrderWithKindsInAnyCase() throws Exception {
        Map<String, NetworkAsset> assets = read(TREE);
        assertEquals(List.of("P1", "HV1", "S1", "F1"), List.copyOf(assets.keySet()));
        assertEquals(new NetworkAsset("P1", null, AssetKind.PRIMARY_SUBSTATION, "Northgate"), assets.get("P1"));
        assertEquals(new NetworkAsset("HV1", "P1", AssetKind.HV_FEEDER, null), assets.get("HV1"));
    }

    @Test
    void levelsMayBeSkippedButAParentIsAlwaysFurtherUp() throws Exception {
        assertEquals(AssetKind.LV_FEEDER, read(TREE + "F2,HV1,LV_FEEDER,\n").get("F2").kind(),
                "an LV feeder straight below an HV feeder");
        assertTrue(refusal(TREE + "P2,F1,PRIMARY_SUBSTATION,\n").endsWith("network.csv:6: the PRIMARY_SUBSTATION P2 "
                + "cannot hang below the LV_FEEDER F1; a parent is a kind further up (LV_FEEDER, SECONDARY_SUBSTATION, "
                + "HV_FEEDER, PRIMARY_SUBSTATION, BSP, GSP)."));
        assertTrue(refusal(TREE + "S2,S1,SECONDARY_SUBSTATION,\n").contains("network.csv:6: the SECONDARY_SUBSTATION S2 "
                + "cannot hang below the SECONDARY_SUBSTATION S1"), "nor at the same level, so no circle can form");
    }

    @Test
    void unusableRowsAreRefusedWithFileLineAndReason() {
        assertTrue(refusal(TREE + "F2,S1,TRANSFORMER,\n").endsWith("network.csv:6: kind 'TRANSFORMER' is not one of "
                + "LV_FEEDER, SECONDARY_SUBSTATION, HV_FEEDER, PRIMARY_SUBSTATION, BSP, GSP."));
        assertTrue(refusal(TREE + "F1,S1,LV_FEEDER,\n").endsWith("network.csv:6: the asset F1 is already on line 5."));
        assertTrue(refusal(TREE + "F3,S9,LV_FEEDER,\n").endsWith("network.csv:6: the parent S9 of F3 is not in the "
                + "file."));
        assertTrue(refusal(TREE + "F4,F4,LV_FEEDER,\n").endsWith("network.csv:6: the asset F4 is its own parent."));
        assertTrue(refusal(TREE + ",S1,LV_FEEDER,\n").endsWith("network.csv:6: the column 'assetId' is empty."));
        assertTrue(refusal("assetId,kind\nP1,PRIMARY_SUBSTATION\n").endsWith("network.csv:1: the network header "
                + "lacks the column 'parentId'; expected assetId,parentId,kind,name"));
    }
}
