package io.gridalarm.jobs.functions;

import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.RegistryLookup;
import io.gridalarm.model.RegistryRow;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A network location's part of the registry in Flink state, fed by {@link MatchRegistry}: the history of every meter
 * any row places in the location (for access control at an alarm's time) and how many meters are on each of its
 * feeders now (for the outage roll-up's shares). Used within a keyed call, for the current key's location.
 */
final class LocationRegistry implements RegistryLookup {

    private final MapState<String, MeterHistory> histories;
    private final MapState<String, Integer> metersByFeeder;

    LocationRegistry(RuntimeContext context) {
        histories = context.getMapState(new MapStateDescriptor<>("location-registry", Types.STRING,
                GridAlarmTypes.METER_HISTORY));
        metersByFeeder = context.getMapState(new MapStateDescriptor<>("location-feeder-sizes", Types.STRING,
                Types.INT));
    }

    /**
     * Keeps registry news for the location ({@link MeterRecord#isRegistry()}); returns true when the meter has gone
     * from the location (or the registry), so what the location kept for it can be dropped.
     */
    boolean apply(MeterRecord news) throws Exception {
        String location = NetworkLocation.keyOf(news.meter());
        String meterId = news.meterId();
        MeterHistory before = histories.get(meterId);
        count(before, location, -1);
        MeterHistory after = news.registry();
        if (after.isRemoved() || after.lastIn(location) == null) {
            histories.remove(meterId);
            return before != null;
        }
        histories.put(meterId, after);
        count(after, location, 1);
        return false;
    }

    /** A meter counts on its feeder when its latest row places it there, in this location. */
    private void count(MeterHistory history, String location, int delta) throws Exception {
        RegistryRow latest = history == null ? null : history.latest();
        if (latest == null || latest.feederId() == null || !NetworkLocation.keyOf(latest).equals(location)) {
            return;
        }
        Integer now = metersByFeeder.get(latest.feederId());
        int size = (now == null ? 0 : now) + delta;
        if (size > 0) {
            metersByFeeder.put(latest.feederId(), size);
        } else {
            metersByFeeder.remove(latest.feederId());
        }
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

    /** How many meters are on the feeder now (by each meter's latest row); 0 when none. */
    int feederSize(String feederId) {
        try {
            Integer size = feederId == null ? null : metersByFeeder.get(feederId);
            return size == null ? 0 : size;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the size of feeder " + feederId + ".", e);
        }
    }

    /** How many feeders of the location have meters now. */
    int substationSize(String substationId) {
        try {
            int feeders = 0;
            for (Map.Entry<String, Integer> ignored : metersByFeeder.entries()) {
                feeders++;
            }
            return substationId == null ? 0 : feeders;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the size of substation " + substationId + ".", e);
        }
    }
}
