package io.gridalarm.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The values of the registry and network changelog topics: a meter's whole registry history under its id (every
 * row, so compaction never loses a past supplier that a replay of old events needs), and an asset under its id.
 */
public final class Changelogs {

    /** A meter's history as the registry topic holds it. */
    record MeterHistory(String meterId, List<RegistryRow> rows) {
    }

    private Changelogs() {
    }

    /** The registry topic's value for a meter's rows (in any order; stored by validFrom). */
    public static byte[] meterValue(List<RegistryRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("A meter's registry value needs at least one row.");
        }
        List<RegistryRow> ordered = rows.stream().sorted(Comparator.comparing(RegistryRow::validFrom)).toList();
        return Json.line(new MeterHistory(ordered.get(0).meterId(), ordered)).getBytes(StandardCharsets.UTF_8);
    }

    /** A meter's rows from the registry topic's value, by validFrom. */
    public static List<RegistryRow> meterRows(byte[] value) throws InputException {
        try {
            MeterHistory history = Json.mapper().readValue(value, MeterHistory.class);
            if (history.rows() == null || history.rows().isEmpty()
                    || history.rows().stream().anyMatch(row -> !row.meterId().equals(history.meterId()))) {
                throw new InputException("A registry value must hold the meter's rows, each for that meter.");
            }
            return history.rows();
        } catch (IOException e) {
            throw new InputException("A registry value is not a meter's history: " + e.getMessage());
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
