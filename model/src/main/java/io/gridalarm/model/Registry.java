package io.gridalarm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The site inventory in memory: for each meter its rows in order of {@code validFrom}, so that the row valid
 * at any instant (and with it the supplier after a change of supplier) can be found.
 */
public final class Registry implements RegistryLookup {

    private final Map<String, MeterHistory> historyByMeter;
    private final int rowCount;

    private Registry(Map<String, MeterHistory> historyByMeter, int rowCount) {
        this.historyByMeter = historyByMeter;
        this.rowCount = rowCount;
    }

    /** Builds a registry from rows in any order; two rows of one meter must not share a {@code validFrom}. */
    public static Registry of(Collection<RegistryRow> rows) {
        Map<String, List<RegistryRow>> grouped = new HashMap<>();
        for (RegistryRow row : rows) {
            grouped.computeIfAbsent(row.meterId(), id -> new ArrayList<>()).add(row);
        }
        Map<String, MeterHistory> histories = new HashMap<>(grouped.size() * 2);
        grouped.forEach((meterId, meterRows) -> histories.put(meterId, new MeterHistory(meterId, meterRows)));
        return new Registry(histories, rows.size());
    }

    /** True when the registry has any row for the meter. */
    public boolean knows(String meterId) {
        return historyByMeter.containsKey(meterId);
    }

    /** The meter's whole history, or null when the registry does not know it. */
    public MeterHistory history(String meterId) {
        return historyByMeter.get(meterId);
    }

    @Override
    public RegistryRow rowAt(String meterId, Instant time) {
        MeterHistory history = historyByMeter.get(meterId);
        return history == null ? null : history.rowAt(time);
    }

    /** Every row of the meter in order of validity, empty when unknown. */
    public List<RegistryRow> rowsOf(String meterId) {
        MeterHistory history = historyByMeter.get(meterId);
        return history == null ? List.of() : history.rows();
    }

    /** The meters the registry knows, in no particular order. */
    public Collection<String> meterIds() {
        return historyByMeter.keySet();
    }

    /** Every party any row names, past and present (a past supplier still reads the alarms it received). */
    public Set<Party> parties() {
        Set<Party> parties = new TreeSet<>();
        for (MeterHistory history : historyByMeter.values()) {
            for (RegistryRow row : history.rows()) {
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
        return historyByMeter.size();
    }

    public int rowCount() {
        return rowCount;
    }
}
