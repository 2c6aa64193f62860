package io.gridalarm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A meter's whole registry history, its rows in order of {@code validFrom}: the value the registry changelog keeps
 * per meter, so that the row valid at any instant (and the supplier after a change of supplier) can be found. No
 * rows means the meter has been removed from the registry.
 */
public record MeterHistory(String meterId, List<RegistryRow> rows) {

    public MeterHistory {
        Objects.requireNonNull(meterId, "meterId");
        List<RegistryRow> ordered = new ArrayList<>(rows == null ? List.of() : rows);
        ordered.sort(Comparator.comparing(RegistryRow::validFrom));
        for (int i = 0; i < ordered.size(); i++) {
            RegistryRow row = ordered.get(i);
            if (!row.meterId().equals(meterId)) {
                throw new IllegalArgumentException("A row of meter " + row.meterId() + " cannot be in the history of "
                        + "meter " + meterId + ".");
            }
            if (i > 0 && row.validFrom().equals(ordered.get(i - 1).validFrom())) {
                throw new IllegalArgumentException("Meter " + meterId + " has two registry rows valid from "
                        + row.validFrom() + "; each row of a meter needs its own validFrom.");
            }
        }
        rows = List.copyOf(ordered);
    }

    /** The history of a meter gone from the registry. */
    public static MeterHistory removed(String meterId) {
        return new MeterHistory(meterId, List.of());
    }

    /** True when the meter has been removed from the registry. */
    public boolean isRemoved() {
        return rows.isEmpty();
    }

    /** The row valid at the instant, or null when the first row starts later (or there is none). */
    public RegistryRow rowAt(Instant time) {
        RegistryRow found = null;
        for (RegistryRow row : rows) {
            if (row.validFrom().isAfter(time)) {
                break;
            }
            found = row;
        }
        return found;
    }

    /** The latest row, which places the meter on the network now; null when removed. */
    public RegistryRow latest() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    /** The network locations any row places the meter in ({@link NetworkLocation#keyOf}), sorted. */
    public Set<String> locations() {
        Set<String> keys = new TreeSet<>();
        for (RegistryRow row : rows) {
            keys.add(NetworkLocation.keyOf(row));
        }
        return keys;
    }

    /** The latest row placing the meter in the location, or null when none does. */
    public RegistryRow lastIn(String location) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (NetworkLocation.keyOf(rows.get(i)).equals(location)) {
                return rows.get(i);
            }
        }
        return null;
    }

    /** This history with the rows of another history of the same meter added. */
    public MeterHistory with(MeterHistory more) {
        List<RegistryRow> all = new ArrayList<>(rows);
        all.addAll(more.rows);
        return new MeterHistory(meterId, all);
    }
}
