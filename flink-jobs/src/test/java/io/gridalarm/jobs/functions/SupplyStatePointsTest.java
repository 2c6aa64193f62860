package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.SupplyState;
import io.gridalarm.model.SwitchPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

/** A supply state delivered to a party is one point in that party's series; a withdrawal writes nothing. */
class SupplyStatePointsTest {

    private static final RegistryRow CHANGED = new RegistryRow(Fixtures.METER.meterId(), Fixtures.METER.fuel(),
            Fixtures.METER.feederId(), Fixtures.METER.substationId(), Fixtures.METER.networkOperator(), "CHRL",
            Fixtures.T11_00);
    private static final AccessControl ACCESS = new AccessControl(Registry.of(List.of(Fixtures.METER, CHANGED)));

    private static List<InfluxPoint> points(List<OutputLine> lines) throws Exception {
        List<InfluxPoint> points = new ArrayList<>();
        SupplyStatePoints function = new SupplyStatePoints();
        for (OutputLine line : lines) {
            function.flatMap(line, new ListCollector<>(points));
        }
        return points;
    }

    @Test
    void aDisconnectedMeterIsAPointForEachOfItsPartiesAndAHandOverWritesOnlyTheNewOnes() throws Exception {
        SupplyState off = SupplyState.of(Fixtures.METER.meterId(), Fixtures.T10_00, SwitchPosition.DISCONNECTED,
                Fixtures.T10_00, null);
        List<OutputLine> lines = new ArrayList<>();
        SupplyStateLines.route(ACCESS, off, lines::add);
        List<InfluxPoint> points = points(lines);
        assertEquals(List.of("supplier ALFA", "network-operator 12"), points.stream()
                .map(p -> p.tags().get("partyType") + " " + p.tags().get("party")).toList());
        assertEquals(Map.of("energised", false, "position", "DISCONNECTED", "positionSince",
                Fixtures.T10_00.toEpochMilli()), points.get(0).fields());
        assertEquals(Fixtures.METER.meterId(), points.get(0).tags().get("meterId"));

        List<OutputLine> handOver = new ArrayList<>();
        SupplyStateLines.handOver(ACCESS, SupplyState.of(Fixtures.METER.meterId(), Fixtures.T11_00,
                SwitchPosition.DISCONNECTED, Fixtures.T10_00, null), handOver::add);
        assertEquals(List.of("supply-state/supplier/ALFA WITHDRAWN", "supply-state/supplier/CHRL DE-ENERGISED"),
                handOver.stream().map(l -> l.bucket() + " " + l.tag()).toList());
        assertEquals(List.of("supplier CHRL"), points(handOver).stream()
                .map(p -> p.tags().get("partyType") + " " + p.tags().get("party")).toList(),
                "the old supplier's history is left as it was");
    }
}
