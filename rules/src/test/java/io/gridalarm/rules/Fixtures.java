package io.gridalarm.rules;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.PathStep;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * The network as these meters and the assets above their substations make it ({@code above}: substation id to
     * the path above it; a substation not named has nothing above).
     */
    static NetworkView network(List<RegistryRow> meters, Map<String, NetworkPath> above) {
        Map<String, Integer> metersBelow = new HashMap<>();
        Map<String, Set<String>> children = new HashMap<>();
        for (RegistryRow meter : meters) {
            List<PathStep> steps = NetworkPath.of(meter.feederId(), meter.substationId(),
                    above.get(meter.substationId())).steps();
            for (int i = 0; i < steps.size(); i++) {
                metersBelow.merge(steps.get(i).assetId(), 1, Integer::sum);
                if (i > 0) {
                    children.computeIfAbsent(steps.get(i).assetId(), a -> new TreeSet<>())
                            .add(steps.get(i - 1).assetId());
                }
            }
        }
        return new NetworkView() {
            @Override
            public NetworkPath pathOf(String feederId, String substationId) {
                return NetworkPath.of(feederId, substationId, above.get(substationId));
            }

            @Override
            public int meters(String assetId) {
                return metersBelow.getOrDefault(assetId, 0);
            }

            @Override
            public int children(String assetId) {
                return children.getOrDefault(assetId, Set.of()).size();
            }
        };
    }

    /** The path above a substation: the given assets from the bottom up, alternately id and kind. */
    static NetworkPath above(Object... idsAndKinds) {
        List<PathStep> steps = new ArrayList<>();
        for (int i = 0; i < idsAndKinds.length; i += 2) {
            steps.add(new PathStep((String) idsAndKinds[i], (AssetKind) idsAndKinds[i + 1]));
        }
        return new NetworkPath(steps);
    }

    /** The test day (20 November 2026, GB winter time, so UTC) at {@code HH:mm} or {@code HH:mm:ss}. */
    static Instant at(String time) {
        return Instant.parse("2026-11-20T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static MeterRecord event(RegistryRow meter, String id, String code, Instant time) {
        return MeterRecord.of(new MeterEvent(id, meter.meterId(), meter.fuel(), code, time, null, null, null), meter);
    }

    /** A service request the meter's supplier (user ALFA) sent for it, to act at once. */
    static MeterRecord request(RegistryRow meter, String requestId, DuisService service, Instant time) {
        return MeterRecord.of(new ServiceRequest(requestId, meter.meterId(), meter.supplier(),
                DccRole.IMPORT_SUPPLIER, service, time, null), meter);
    }

    /** The DCC's response to a request. */
    static MeterRecord response(RegistryRow meter, String requestId, String outcome, Instant time) {
        return MeterRecord.of(new ServiceResponse(requestId, meter.meterId(), outcome, time), meter);
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
