package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.RegistryRow;
import java.util.Objects;

/**
 * A meter outage alarm (raised or cleared) that the rules hand to the roll-up, with the meter's place in the
 * network as the registry gives it: the roll-up groups by these, never by what an alarm's details say.
 */
public record MeterOutage(Alarm alarm, String meterId, String feederId, String substationId) {

    public MeterOutage {
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(meterId, "meterId");
    }

    static MeterOutage of(Alarm alarm, RegistryRow meter) {
        return new MeterOutage(alarm, meter.meterId(), meter.feederId(), meter.substationId());
    }
}
