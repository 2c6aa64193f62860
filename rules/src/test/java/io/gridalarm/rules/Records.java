package io.gridalarm.rules;

import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import java.nio.file.Path;
import java.time.Instant;

/** Small builders of records for rule tests. */
final class Records {

    static final Path DEFAULT_RULES = Path.of("gb-default/1.0.0");
    static final RegistryRow ELECTRIC = new RegistryRow("1200012345678", Fuel.ELECTRICITY, "F1", "S1", "12", "ALFA",
            Instant.parse("2020-01-01T00:00:00Z"));
    static final RegistryRow GAS = new RegistryRow("7312345678", Fuel.GAS, null, null, "NGN", "BRVO",
            Instant.parse("2020-01-01T00:00:00Z"));

    private Records() {
    }

    static MeterRecord event(RegistryRow meter, String id, String code, String time) {
        return MeterRecord.of(new MeterEvent(id, meter.meterId(), meter.fuel(), code, Instant.parse(time), null, null,
                null), meter);
    }

    static MeterRecord read(RegistryRow meter, String start, double min, double avg, double max) {
        return MeterRecord.of(new IntervalRead(meter.meterId(), meter.fuel(), Instant.parse(start), 30, 0.3, 0.0, min,
                avg, max), meter);
    }
}
