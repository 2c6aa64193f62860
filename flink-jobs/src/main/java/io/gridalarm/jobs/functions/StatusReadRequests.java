package io.gridalarm.jobs.functions;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.RegistryLookup;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Restoration verification (ENA use cases 13 and 15): a nested outage just raised is a suspicion (its meters stayed
 * off after their asset came back, or their restore alerts were lost), so the network operator reads the supply
 * status (DUIS 7.4) of some of its meters. A meter that answers had supply then, which ends its interruption like a
 * restore alert; E20/E21 (no answer) says nothing.
 */
public final class StatusReadRequests {

    /** Every verifying request's id starts so: the DCC adapter and the audit can tell them from a user's. */
    public static final String ID_PREFIX = "verify-";

    private StatusReadRequests() {
    }

    /**
     * The supply status reads that verify the alarm, sent by each meter's network operator at the alarm's time:
     * none unless it is a nested outage just raised; of its electricity meters (a gas meter runs on its battery and
     * answers without supply), the first {@code perNestedOutage} in meter order.
     */
    public static List<ServiceRequest> toVerify(Alarm alarm, Thresholds.StatusReads reads, RegistryLookup registry) {
        if (reads == null || alarm.status() != AlarmStatus.RAISED || !alarm.kind().equals(OutageRollUp.NESTED_KIND)) {
            return List.of();
        }
        List<ServiceRequest> requests = new ArrayList<>();
        for (String meterId : alarm.meterIds().stream().sorted().toList()) {
            RegistryRow row = registry.rowAt(meterId, alarm.time());
            if (row != null && row.fuel() == Fuel.ELECTRICITY) {
                requests.add(new ServiceRequest(ID_PREFIX + alarm.alarmId() + "-" + meterId, meterId,
                        row.networkOperator(), DccRole.ELECTRICITY_DISTRIBUTOR, DuisService.READ_SUPPLY_STATUS,
                        alarm.time(), null));
                if (requests.size() == reads.perNestedOutage()) {
                    break;
                }
            }
        }
        return requests;
    }
}
