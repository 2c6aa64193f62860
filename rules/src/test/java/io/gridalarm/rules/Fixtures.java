package io.gridalarm.rules;

import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The rule tests' shared fixtures: the default rule set and copies of it, the test day's instants, meters, records. */
final class Fixtures {

    /** The shipped default rule-set version (the rules module's folder is the working directory). */
    static final Path DEFAULT_RULES = Path.of("gb-default/1.0.0");
    /** When every fixture meter's registry row became valid. */
    static final Instant REGISTERED = Instant.parse("2020-01-01T00:00:00Z");
    /** An electricity meter on feeder F1 of substation S1, DNO 12, supplied by ALFA. */
    static final RegistryRow ELECTRIC = new RegistryRow("1200012345678", Fuel.ELECTRICITY, "F1", "S1", "12", "ALFA",
            REGISTERED);
    /** A gas meter on GDN NGN, supplied by BRVO. */
    static final RegistryRow GAS = new RegistryRow("7312345678", Fuel.GAS, null, null, "NGN", "BRVO", REGISTERED);

    private Fixtures() {
    }

    /** The test day (20 November 2026, GB winter time, so UTC) at {@code HH:mm} or {@code HH:mm:ss}. */
    static Instant at(String time) {
        return Instant.parse("2026-11-20T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static MeterRecord event(RegistryRow meter, String id, String code, Instant time) {
        return MeterRecord.of(new MeterEvent(id, meter.meterId(), meter.fuel(), code, time, null, null, null), meter);
    }

    static MeterRecord read(RegistryRow meter, Instant start, double min, double avg, double max) {
        return MeterRecord.of(new IntervalRead(meter.meterId(), meter.fuel(), start, 30, 0.3, 0.0, min, avg, max),
                meter);
    }

    /**
     * The default rule set's files (scenarios left behind) copied to {@code <root>/<name>/1.0.0}, each text passed
     * through {@code edit} on the way.
     */
    static Path copyDefaultRules(Path root, String name, UnaryOperator<String> edit) throws IOException {
        Path copy = Files.createDirectories(root.resolve(name).resolve("1.0.0"));
        try (Stream<Path> files = Files.list(DEFAULT_RULES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(copy.resolve(file.getFileName()), edit.apply(Files.readString(file)));
            }
        }
        return copy;
    }
}
