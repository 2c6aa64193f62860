package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.GAS_METER;
import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Registry;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.Severity;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.Thresholds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which meters of a nested outage have their supply status read, by whom. */
class StatusReadRequestsTest {

    private static final Registry REGISTRY = Registry.of(List.of(METER, NEIGHBOUR, GAS_METER));
    private static final Thresholds.StatusReads ONE = new Thresholds.StatusReads(1, Duration.ofSeconds(2));
    private static final Thresholds.StatusReads FIVE = new Thresholds.StatusReads(5, Duration.ofSeconds(2));

    private static Alarm alarm(String kind, AlarmStatus status) {
        return Alarm.builder().alarmId("n-1").kind(kind, Severity.CRITICAL).emission(status, Fixtures.T12_00)
                .startTime(Fixtures.T11_00).about(new Scope(ScopeLevel.FEEDER, "F1"), List.of(NEIGHBOUR.meterId(),
                        GAS_METER.meterId(), METER.meterId()))
                .raisedBy("Nested outage", "gb-default@1.0.0").recipients(List.of(Recipient.networkOperator("12")))
                .details(Map.of()).build();
    }

    @Test
    void aNestedOutageJustRaisedHasItsElectricityMetersReadByTheirNetworkOperatorInMeterOrder() {
        List<ServiceRequest> reads = StatusReadRequests.toVerify(alarm(OutageRollUp.NESTED_KIND, AlarmStatus.RAISED),
                FIVE, REGISTRY);
        assertEquals(List.of(
                new ServiceRequest("verify-n-1-" + METER.meterId(), METER.meterId(), "12",
                        DccRole.ELECTRICITY_DISTRIBUTOR, DuisService.READ_SUPPLY_STATUS, Fixtures.T12_00, null),
                new ServiceRequest("verify-n-1-" + NEIGHBOUR.meterId(), NEIGHBOUR.meterId(), "12",
                        DccRole.ELECTRICITY_DISTRIBUTOR, DuisService.READ_SUPPLY_STATUS, Fixtures.T12_00, null)),
                reads, "the gas meter answers on its battery, so reading it would prove nothing");
        assertEquals(List.of(METER.meterId()), StatusReadRequests.toVerify(alarm(OutageRollUp.NESTED_KIND,
                AlarmStatus.RAISED), ONE, REGISTRY).stream().map(ServiceRequest::meterId).toList(), "at most as many "
                + "as the rule set says");
    }

    @Test
    void nothingIsReadForAnUpdateAClearingAnotherKindOrWithoutVerification() {
        assertEquals(List.of(), StatusReadRequests.toVerify(alarm(OutageRollUp.NESTED_KIND, AlarmStatus.UPDATED),
                FIVE, REGISTRY));
        assertEquals(List.of(), StatusReadRequests.toVerify(alarm(OutageRollUp.NESTED_KIND, AlarmStatus.CLEARED),
                FIVE, REGISTRY));
        assertEquals(List.of(), StatusReadRequests.toVerify(alarm(OutageRollUp.KIND, AlarmStatus.RAISED), FIVE,
                REGISTRY), "a group outage is evident; its nested faults are what need a second look");
        assertEquals(List.of(), StatusReadRequests.toVerify(alarm(OutageRollUp.NESTED_KIND, AlarmStatus.RAISED),
                null, REGISTRY));
    }
}
