package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T11_00;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.Scope;
import io.gridalarm.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routing under access control: a line per entitled party, an audit line per decision, nothing for the rest. */
class RouteAlarmsTest {

    /** METER changes supplier from ALFA to CHRL at 10:30; NEIGHBOUR stays with BRVO. */
    private static final AccessControl ACCESS = new AccessControl(Registry.of(List.of(METER, NEIGHBOUR,
            new RegistryRow(METER.meterId(), Fuel.ELECTRICITY, "F1", "S1", "12", "CHRL",
                    Instant.parse("2026-11-20T10:30:00Z")))));

    private static Alarm tamper(Instant time, List<String> meters, Recipient... to) {
        return Alarm.builder().alarmId("a-1").kind("TAMPER", Severity.MAJOR).emission(AlarmStatus.RAISED, time)
                .startTime(time).about(Scope.meter(meters.get(0)), meters).raisedBy("Tamper alert", "gb-default@1.0.0")
                .recipients(List.of(to)).build();
    }

    private static List<OutputLine> route(Alarm alarm) {
        List<OutputLine> lines = new ArrayList<>();
        RouteAlarms.route(ACCESS, alarm, lines::add);
        return lines;
    }

    @Test
    void theRegisteredSupplierAndNetworkOperatorGetTheAlarmAndEachDecisionIsAudited() {
        List<OutputLine> lines = route(tamper(T10_00, List.of(METER.meterId()), Recipient.supplier("ALFA"),
                Recipient.networkOperator("12")));
        assertEquals(List.of("supplier/ALFA", "network-operator/12"),
                lines.stream().filter(l -> !l.bucket().equals(OutputLine.AUDIT)).map(OutputLine::bucket).sorted(
                        (a, b) -> b.compareTo(a)).toList());
        assertEquals(List.of("DELIVERED", "DELIVERED"),
                lines.stream().filter(l -> l.bucket().equals(OutputLine.AUDIT)).map(OutputLine::tag).toList());
        assertTrue(lines.get(0).text().contains("\"recipients\":[{\"type\":\"NETWORK_OPERATOR\",\"id\":\"12\"},"
                + "{\"type\":\"SUPPLIER\",\"id\":\"ALFA\"}]"), lines.get(0).text());
    }

    @Test
    void aSupplierNotRegisteredAtTheAlarmsTimeIsRemovedAndTheReasonAudited() {
        List<OutputLine> lines = route(tamper(T11_00, List.of(METER.meterId()), Recipient.supplier("ALFA")));
        assertEquals(1, lines.size(), "no party line, one audit line");
        OutputLine audit = lines.get(0);
        assertEquals(OutputLine.AUDIT, audit.bucket());
        assertEquals("REMOVED", audit.tag());
        assertTrue(audit.text().contains("is registered to supplier CHRL at 2026-11-20T11:00:00Z, not ALFA"),
                audit.text());
    }

    @Test
    void aGroupAlarmReachesASupplierOnlyWhenItSuppliesEveryMeterInIt() {
        List<OutputLine> lines = route(tamper(T10_00, List.of(METER.meterId(), NEIGHBOUR.meterId()),
                Recipient.supplier("ALFA"), Recipient.networkOperator("12")));
        assertEquals(List.of("network-operator/12"), lines.stream()
                .filter(l -> !l.bucket().equals(OutputLine.AUDIT)).map(OutputLine::bucket).toList());
        assertTrue(lines.stream().anyMatch(l -> l.tag().equals("REMOVED")
                && l.text().contains("registered to supplier BRVO")));
    }

    @Test
    void aPartysFileIsOrderedByEmissionTimeThenAlarmThenRaisedBeforeCleared() {
        Alarm raised = tamper(T10_00, List.of(METER.meterId()), Recipient.supplier("ALFA"));
        Alarm cleared = raised.toBuilder().emission(AlarmStatus.CLEARED, T10_00).build();
        Alarm later = raised.toBuilder().emission(AlarmStatus.RAISED, T11_00).build();
        List<String> keys = new ArrayList<>(List.of(RouteAlarms.sortKey(later), RouteAlarms.sortKey(cleared),
                RouteAlarms.sortKey(raised)));
        keys.sort(null);
        assertEquals(List.of(RouteAlarms.sortKey(raised), RouteAlarms.sortKey(cleared), RouteAlarms.sortKey(later)),
                keys);
    }
}
