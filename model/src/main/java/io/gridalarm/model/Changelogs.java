package io.gridalarm.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    /** The network topic's value for an asset. */
    public static byte[] assetValue(NetworkAsset asset) {
        return Json.line(asset).getBytes(StandardCharsets.UTF_8);
    }

    /** An asset from the network topic's value. */
    public static NetworkAsset asset(byte[] value) throws InputException {
        try {
            return Json.mapper().readValue(value, NetworkAsset.class);
        } catch (IOException e) {
            throw new InputException("A network value is not an asset: " + e.getMessage());
        }
    }
}
