package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxDatabases;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.model.Json;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.SupplyState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A meter's supply state as delivered to one party, as an InfluxDB point in measurement {@code supply_state}: the
 * meter and the party are tags (the party's tags put it in that party's database too), the state's time the
 * timestamp, so a call-centre agent's query for a meter's last point is its state now.
 */
public final class SupplyStatePoints implements FlatMapFunction<OutputLine, InfluxPoint> {

    private static final long serialVersionUID = 1L;
    public static final String MEASUREMENT = "supply_state";
    /** The position field's value while no outcome or alert has said where the switch stands. */
    public static final String POSITION_UNKNOWN = "UNKNOWN";

    @Override
    public void flatMap(OutputLine line, Collector<InfluxPoint> out) throws Exception {
        String partyBucket = OutputLine.partyOfSupplyState(line.bucket());
        // a withdrawal (the meter is no longer the party's) writes nothing: the party's history stays as it was
        if (partyBucket == null || line.tag().equals(OutputLine.WITHDRAWN)) {
            return;
        }
        PartyType partyType = OutputLine.partyTypeOf(partyBucket);
        out.collect(of(Json.mapper().readValue(line.text(), SupplyState.class), partyType,
                partyBucket.substring(partyType.slug().length() + 1)));
    }

    /** The point of one state delivered to one party. */
    public static InfluxPoint of(SupplyState state, PartyType partyType, String party) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("meterId", state.meterId());
        tags.put(InfluxDatabases.PARTY_TYPE_TAG, partyType.slug());
        tags.put(InfluxDatabases.PARTY_TAG, party);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("position", state.position() == null ? POSITION_UNKNOWN : state.position().name());
        fields.put("energised", state.energised());
        if (state.positionSince() != null) {
            fields.put("positionSince", state.positionSince().toEpochMilli());
        }
        if (state.supplyLostSince() != null) {
            fields.put("supplyLostSince", state.supplyLostSince().toEpochMilli());
        }
        return new InfluxPoint(MEASUREMENT, tags, fields, state.time().toEpochMilli());
    }
}
