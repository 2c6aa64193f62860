package io.gridalarm.connectors.influx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which InfluxDB databases a point goes to: the operators' database always, and a party's own database when the
 * point is a delivery to that party (its {@code partyType} and {@code party} tags), so that a party's read-only
 * user can be given its own database and nothing else.
 */
public final class InfluxDatabases {

    /** The tag naming the kind of party a point was delivered to ({@code supplier}, {@code network-operator}). */
    public static final String PARTY_TYPE_TAG = "partyType";
    /** The tag naming the party a point was delivered to. */
    public static final String PARTY_TAG = "party";

    private InfluxDatabases() {
    }

    /** The database of one party: {@code <operators' database>_<party type>_<party id>}. */
    public static String ofParty(String database, String partyTypeSlug, String partyId) {
        return database + "_" + partyTypeSlug.replace('-', '_') + "_" + partyId;
    }

    /** The points grouped by the database they are written to, the operators' database first. */
    static Map<String, List<InfluxPoint>> route(String database, List<InfluxPoint> points) {
        Map<String, List<InfluxPoint>> byDatabase = new LinkedHashMap<>();
        byDatabase.put(database, new ArrayList<>(points));
        for (InfluxPoint point : points) {
            String type = point.tags().get(PARTY_TYPE_TAG);
            String party = point.tags().get(PARTY_TAG);
            if (type != null && party != null) {
                byDatabase.computeIfAbsent(ofParty(database, type, party), d -> new ArrayList<>()).add(point);
            }
        }
        return byDatabase;
    }
}
