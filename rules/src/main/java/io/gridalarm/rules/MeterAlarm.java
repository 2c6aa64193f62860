package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.RegistryRow;
import java.util.Objects;

/**
 * A meter's alarm (raised or cleared) that the rules hand to a roll-up (outages, or voltage excursions), with the
 * meter's place in the network as the registry gives it: the roll-ups group by these, never by what an alarm's details
 * say.
 */
public record MeterAlarm(Alarm alarm, String meterId, String feederId, String substationId) {

    public MeterAlarm {
        Objects.requireNonNull(alarm, "alarm");
        Objects.requireNonNull(meterId, "meterId");
    }

    static MeterAlarm of(Alarm alarm, RegistryRow meter) {
        return new MeterAlarm(alarm, meter.meterId(), meter.feederId(), meter.substationId());
    }
}
