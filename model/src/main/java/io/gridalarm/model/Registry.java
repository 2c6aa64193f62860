package io.gridalarm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The site inventory in memory: for each meter its rows in order of {@code validFrom}, so that the row valid
 * at any instant (and with it the supplier after a change of supplier) can be found.
 */
public final class Registry {

    private static final RegistryRow[] NONE = new RegistryRow[0];

    private final Map<String, RegistryRow[]> rowsByMeter;
    private final int rowCount;
    private volatile Map<String, Integer> metersByFeeder;
    private volatile Map<String, Integer> feedersBySubstation;

    private Registry(Map<String, RegistryRow[]> rowsByMeter, int rowCount) {
        this.rowsByMeter = rowsByMeter;
        this.rowCount = rowCount;
    }

    /** Builds a registry from rows in any order; two rows of one meter must not share a {@code validFrom}. */
    public static Registry of(Collection<RegistryRow> rows) {
        Map<String, List<RegistryRow>> grouped = new HashMap<>();
        for (RegistryRow row : rows) {
            grouped.computeIfAbsent(row.meterId(), id -> new ArrayList<>()).add(row);
        }
        Map<String, RegistryRow[]> sorted = new HashMap<>(grouped.size() * 2);
        grouped.forEach((meterId, meterRows) -> {
            meterRows.sort(Comparator.comparing(RegistryRow::validFrom));
            for (int i = 1; i < meterRows.size(); i++) {
                if (meterRows.get(i).validFrom().equals(meterRows.get(i - 1).validFrom())) {
                    throw new IllegalArgumentException("Meter " + meterId + " has two registry rows valid from "
                            + meterRows.get(i).validFrom() + "; each row of a meter needs its own validFrom.");
                }
            }
            sorted.put(meterId, meterRows.toArray(NONE));
        });
        return new Registry(sorted, rows.size());
    }

    /** True when the registry has any row for the meter. */
    public boolean knows(String meterId) {
        return rowsByMeter.containsKey(meterId);
    }

    /** The row valid at the instant, or null when the meter is unknown or its first row starts later. */
    public RegistryRow rowAt(String meterId, Instant time) {
        RegistryRow[] rows = rowsByMeter.getOrDefault(meterId, NONE);
        RegistryRow found = null;
        for (RegistryRow row : rows) {
            if (row.validFrom().isAfter(time)) {
                break;
            }
            found = row;
        }
        return found;
    }

    /** Every row of the meter in order of validity, empty when unknown. */
    public List<RegistryRow> rowsOf(String meterId) {
        return List.of(rowsByMeter.getOrDefault(meterId, NONE));
    }

    /** The meters the registry knows, in no particular order. */
    public Collection<String> meterIds() {
        return rowsByMeter.keySet();
    }

    /** How many meters the registry places on the feeder (by each meter's latest row); 0 when unknown. */
    public int feederSize(String feederId) {
        if (metersByFeeder == null) {
            indexNetwork();
        }
        return feederId == null ? 0 : metersByFeeder.getOrDefault(feederId, 0);
    }

    /** How many feeders the registry places under the substation; 0 when unknown. */
    public int substationSize(String substationId) {
        if (feedersBySubstation == null) {
            indexNetwork();
        }
        return substationId == null ? 0 : feedersBySubstation.getOrDefault(substationId, 0);
    }

    private synchronized void indexNetwork() {
        Map<String, Integer> meters = new HashMap<>();
        Map<String, Set<String>> feeders = new HashMap<>();
        for (RegistryRow[] rows : rowsByMeter.values()) {
            RegistryRow latest = rows[rows.length - 1];
            if (latest.feederId() != null) {
                meters.merge(latest.feederId(), 1, Integer::sum);
                if (latest.substationId() != null) {
                    feeders.computeIfAbsent(latest.substationId(), s -> new HashSet<>()).add(latest.feederId());
                }
            }
        }
        Map<String, Integer> sizes = new HashMap<>();
        feeders.forEach((substation, set) -> sizes.put(substation, set.size()));
        feedersBySubstation = sizes;
        metersByFeeder = meters;
    }

    /** Every party any row names, past and present (a past supplier still reads the alarms it received). */
    public Set<Party> parties() {
        Set<Party> parties = new TreeSet<>();
        for (String meterId : meterIds()) {
            for (RegistryRow row : rowsOf(meterId)) {
                for (PartyType type : PartyType.values()) {
                    if (row.party(type) != null) {
                        parties.add(new Party(type, row.party(type)));
                    }
                }
            }
        }
        return parties;
    }

    public int meterCount() {
        return rowsByMeter.size();
    }

    public int rowCount() {
        return rowCount;
    }
}
