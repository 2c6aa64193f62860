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

    /**
     * A registry file for the function tests: METER and its neighbour on feeder F1 with five more meters (7), and
     * five meters on feeder F2, all under substation S1.
     */
    static final String REGISTRY = writeRegistry();

    private TestRecords() {
    }

    private static String writeRegistry() {
        StringBuilder csv = new StringBuilder("meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n");
        csv.append(METER.meterId()).append(",ELECTRICITY,F1,S1,12,ALFA,2020-01-01\n");
        csv.append("1200012345679,ELECTRICITY,F1,S1,12,BRVO,2020-01-01\n");
        for (int i = 1; i <= 5; i++) {
            csv.append(onFeeder("F1", i).meterId()).append(",ELECTRICITY,F1,S1,12,ALFA,2020-01-01\n");
            csv.append(onFeeder("F2", i).meterId()).append(",ELECTRICITY,F2,S1,12,ALFA,2020-01-01\n");
        }
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("gridalarm-test-registry", ".csv");
            file.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(file, csv).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The i-th (1-5) extra meter on feeder F1 or F2. */
    static RegistryRow onFeeder(String feeder, int i) {
        return new RegistryRow("12000000" + (feeder.equals("F1") ? "001" : "002") + "0" + i, Fuel.ELECTRICITY, feeder,
                "S1", "12", "ALFA", Instant.parse("2020-01-01T00:00:00Z"));
    }

    static MeterRecord event(RegistryRow meter, String id, String code, String time) {
        return MeterRecord.of(new MeterEvent(id, meter.meterId(), Fuel.ELECTRICITY, code, Instant.parse(time), null,
                null, null), meter);
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
