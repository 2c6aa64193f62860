package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.PathStep;
import io.gridalarm.model.RegistryLookup;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.rules.NetworkView;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A network location's part of the registry and the network in Flink state, fed by {@link MatchRegistry} and
 * {@link PlaceInNetwork}: the history of every meter any row places in the location (for access control at an
 * alarm's time), what is above each of its substations, and how many meters each asset of its tree feeds and how
 * many of its children feed meters (for the outage roll-up's shares). Used within a keyed call, for the current
 * key's location.
 */
final class LocationRegistry implements RegistryLookup, NetworkView {

    private final MapState<String, MeterHistory> histories;
    private final MapState<String, NetworkPath> aboveSubstation;
    private final MapState<String, Integer> metersBelow;
    private final MapState<String, Integer> childrenWithMeters;

    LocationRegistry(RuntimeContext context) {
        histories = context.getMapState(new MapStateDescriptor<>("location-registry", Types.STRING,
                GridAlarmTypes.METER_HISTORY));
        aboveSubstation = context.getMapState(new MapStateDescriptor<>("location-above-substations", Types.STRING,
                GridAlarmTypes.NETWORK_PATH));
        metersBelow = context.getMapState(new MapStateDescriptor<>("location-meters-below", Types.STRING,
                Types.INT));
        childrenWithMeters = context.getMapState(new MapStateDescriptor<>("location-children-with-meters",
                Types.STRING, Types.INT));
    }

    /**
     * Keeps registry news for the location ({@link MeterRecord#isRegistry()}); returns true when the meter has gone
     * from the location (or the registry), so what the location kept for it can be dropped. News comes per
     * substation the meter's rows name, and several substations may share a location: word that the meter left one
     * of them only removes it when its latest row is there (its arrival at another may have come first).
     */
    boolean apply(MeterRecord news) throws Exception {
        String substation = NetworkLocation.keyOf(news.meter());
        if (news.meter().substationId() != null && !news.above().isEmpty()) {
            aboveSubstation.put(news.meter().substationId(), news.above());
        }
        String meterId = news.meterId();
        MeterHistory before = histories.get(meterId);
        MeterHistory after = news.registry();
        if (after.isRemoved() || after.lastIn(substation) == null) {
            if (before == null || !NetworkLocation.keyOf(before.latest()).equals(substation)) {
                return false;
            }
            count(before, -1);
            histories.remove(meterId);
            return true;
        }
        count(before, -1);
        histories.put(meterId, after);
        count(after, 1);
        return false;
    }

    /** The meter's registry history as the location keeps it, or null for a meter it does not hold. */
    MeterHistory historyOf(String meterId) throws Exception {
        return histories.get(meterId);
    }

    /** A meter counts on every asset above it by its latest row. */
    private void count(MeterHistory history, int delta) throws Exception {
        RegistryRow latest = history == null ? null : history.latest();
        if (latest == null) {
            return;
        }
        List<PathStep> steps = pathOf(latest.feederId(), latest.substationId()).steps();
        for (int i = 0; i < steps.size(); i++) {
            String assetId = steps.get(i).assetId();
            int size = add(metersBelow, assetId, delta);
            boolean changedFeeding = delta > 0 ? size == delta : size == 0;
            if (changedFeeding && i + 1 < steps.size()) {
                add(childrenWithMeters, steps.get(i + 1).assetId(), delta > 0 ? 1 : -1);
            }
        }
    }

    private static int add(MapState<String, Integer> counts, String key, int delta) throws Exception {
        Integer now = counts.get(key);
        int size = Math.max(0, (now == null ? 0 : now) + delta);
        if (size > 0) {
            counts.put(key, size);
        } else {
            counts.remove(key);
        }
        return size;
    }

    @Override
    public RegistryRow rowAt(String meterId, Instant time) {
        try {
            MeterHistory history = histories.get(meterId);
            return history == null ? null : history.rowAt(time);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the registry state of meter " + meterId + ".", e);
        }
    }

    @Override
    public NetworkPath pathOf(String feederId, String substationId) {
        try {
            return NetworkPath.of(feederId, substationId, substationId == null ? null
                    : aboveSubstation.get(substationId));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read what is above substation " + substationId + ".", e);
        }
    }

    @Override
    public int meters(String assetId) {
        return read(metersBelow, assetId);
    }

    @Override
    public int children(String assetId) {
        return read(childrenWithMeters, assetId);
    }

    private static int read(MapState<String, Integer> counts, String assetId) {
        try {
            Integer size = assetId == null ? null : counts.get(assetId);
            return size == null ? 0 : size;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the size of asset " + assetId + ".", e);
        }
    }
}
