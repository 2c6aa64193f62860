package io.gridalarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Alarms about a user's own critical commands: the user and security see them, no other party, however the rules
 * address them; the fleet's are for security alone.
 */
class AccessControlTest {

    private static final Instant AT = Instant.parse("2026-11-20T02:00:00Z");
    /** A registry that would entitle anyone, so only the scope can refuse. */
    private static final AccessControl ACCESS = new AccessControl((meterId, time) ->
            new RegistryRow(meterId, Fuel.ELECTRICITY, "F1", "S1", "10", "BRVO", Fixtures.REGISTERED));

    private static Alarm about(Scope scope, Recipient... recipients) {
        return Alarm.builder().alarmId("a").kind("ANOMALY_QUARANTINE", Severity.CRITICAL)
                .emission(AlarmStatus.RAISED, AT).startTime(AT).about(scope, List.of("M1"))
                .raisedBy("r", "gb-default@1.0.0").recipients(List.of(recipients)).details(Map.of()).build();
    }

    @Test
    void aUsersAnomalyReachesThatUserAndSecurityAndNoOtherPartyEvenTheMetersOwn() {
        AccessControl.Routing routing = ACCESS.route(about(Scope.user("ALFA"), Recipient.supplier("ALFA"),
                Recipient.security(), Recipient.supplier("BRVO"), Recipient.networkOperator("10")));
        assertEquals(List.of(Recipient.supplier("ALFA"), Recipient.security()), routing.alarm().recipients());
        assertEquals(4, routing.decisions().size());
        assertFalse(routing.decisions().get(2).delivered(), "the meter's own supplier did not send the commands");
    }

    @Test
    void theFleetsAnomalyIsForSecurityAlone() {
        AccessControl.Routing routing = ACCESS.route(about(Scope.fleet(), Recipient.security(),
                Recipient.supplier("BRVO"), Recipient.networkOperator("10")));
        assertEquals(List.of(Recipient.security()), routing.alarm().recipients());
    }

    @Test
    void securityIsNoPartyOfAnyRegistryRow() {
        RegistryRow row = new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "BRVO", Fixtures.REGISTERED);
        assertEquals(null, row.party(PartyType.SECURITY));
        assertFalse(Registry.of(List.of(row)).parties().stream().anyMatch(p -> p.type() == PartyType.SECURITY));
    }

    @Test
    void aMetersStateIsForItsSupplierAndNetworkOperatorAtTheTimeAndNoOneWithoutARow() {
        Instant changed = AT.plusSeconds(3600);
        Registry registry = Registry.of(List.of(
                new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "ALFA", Fixtures.REGISTERED),
                new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "BRVO", changed)));
        AccessControl access = new AccessControl(registry);
        assertEquals(List.of(Recipient.supplier("ALFA"), Recipient.networkOperator("10")),
                access.entitledTo("M1", AT));
        assertEquals(List.of(Recipient.supplier("BRVO"), Recipient.networkOperator("10")),
                access.entitledTo("M1", changed), "the new supplier from the instant of the change");
        assertEquals(List.of(), access.entitledTo("M1", Fixtures.REGISTERED.minusSeconds(1)), "before its first row");
        assertEquals(List.of(), access.entitledTo("M2", AT), "a meter the registry does not know");
    }
}
