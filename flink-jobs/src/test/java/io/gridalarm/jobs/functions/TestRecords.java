package io.gridalarm.jobs.functions;

import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import java.nio.file.Path;
import java.time.Instant;

/** Records and paths shared by the function tests. */
final class TestRecords {

    static final String DEFAULT_RULES = Path.of("../rules/gb-default/1.0.0").toAbsolutePath().normalize().toString();
    static final RegistryRow METER = new RegistryRow("1200012345678", Fuel.ELECTRICITY, "F1", "S1", "12", "ALFA",
            Instant.parse("2020-01-01T00:00:00Z"));

    private TestRecords() {
    }

    static MeterRecord event(String id, String code, String time) {
        return MeterRecord.of(new MeterEvent(id, METER.meterId(), Fuel.ELECTRICITY, code, Instant.parse(time), null,
                null, null), METER);
    }

    static MeterRecord read(String start, double avg) {
        return MeterRecord.of(new IntervalRead(METER.meterId(), Fuel.ELECTRICITY, Instant.parse(start), 30, 0.2, 0.0,
                avg - 1, avg, avg + 1), METER);
    }

    static long millis(MeterRecord record) {
        return record.time().toEpochMilli();
    }
}
