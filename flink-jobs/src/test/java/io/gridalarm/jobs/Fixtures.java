package io.gridalarm.jobs;

import io.gridalarm.jobs.functions.ControlMessage;
import io.gridalarm.jobs.functions.EvaluateRules;
import io.gridalarm.jobs.functions.EvaluateRulesOperator;
import io.gridalarm.jobs.functions.InputOrder;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.InputException;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import io.gridalarm.rules.NetworkView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * The flink-jobs tests' shared fixtures: the default rule set and a way to copy it, named instants of one test
 * day, named meters with a registry file that holds them, record builders, and the rule operator's harness.
 */
public final class Fixtures {

    /** The shipped default rule-set version. */
    public static final Path DEFAULT_RULES = Path.of("../rules/gb-default/1.0.0").toAbsolutePath().normalize();

    /** The test day's instants, named by GB clock time (the day is in winter: UTC). */
    public static final Instant T10_00 = Instant.parse("2026-11-20T10:00:00Z");
    public static final Instant T10_01 = Instant.parse("2026-11-20T10:01:00Z");
    public static final Instant T10_02 = Instant.parse("2026-11-20T10:02:00Z");
    public static final Instant T10_03 = Instant.parse("2026-11-20T10:03:00Z");
    public static final Instant T10_30 = Instant.parse("2026-11-20T10:30:00Z");
    public static final Instant T11_00 = Instant.parse("2026-11-20T11:00:00Z");
    public static final Instant T11_30 = Instant.parse("2026-11-20T11:30:00Z");
    public static final Instant T12_00 = Instant.parse("2026-11-20T12:00:00Z");
    /** When every fixture meter's registry row became valid. */
    public static final Instant REGISTERED = Instant.parse("2020-01-01T00:00:00Z");

    /** The meter most tests are about: feeder F1 of substation S1, DNO 12, supplied by ALFA. */
    public static final RegistryRow METER = new RegistryRow("1200012345678", Fuel.ELECTRICITY, "F1", "S1", "12",
            "ALFA", REGISTERED);
    /** METER's neighbour on F1, supplied by BRVO. */
    public static final RegistryRow NEIGHBOUR = new RegistryRow("1200012345679", Fuel.ELECTRICITY, "F1", "S1", "12",
            "BRVO", REGISTERED);
    /** A gas meter, alone in its network location, supplied by ALFA, its network the gas distributor XW. */
    public static final RegistryRow GAS_METER = new RegistryRow("7312345678", Fuel.GAS, null, null, "XW", "ALFA",
            REGISTERED);

    /**
     * A registry file holding METER, NEIGHBOUR and five more meters on feeder F1 (7 in all), and five meters on
     * feeder F2, all under substation S1.
     */
    public static final String REGISTRY = writeRegistry();
    /** The rule operator's key: each record's network location. */
    private static final KeySelector<MeterRecord, String> BY_LOCATION = r -> NetworkLocation.keyOf(r.meter());

    private Fixtures() {
    }

    /**
     * A network of the registry's two levels where every feeder has {@code feederMeters} meters and every
     * substation {@code substationFeeders} feeders (sizes asked of any asset answer as for its level's rule).
     */
    public static NetworkView twoLevelNetwork(int feederMeters, int substationFeeders) {
        return new NetworkView() {
            @Override
            public NetworkPath pathOf(String feederId, String substationId) {
                return NetworkPath.of(feederId, substationId, null);
            }

            @Override
            public int meters(String assetId) {
                return feederMeters;
            }

            @Override
            public int children(String assetId) {
                return substationFeeders;
            }
        };
    }

    /** The i-th (1-5) extra meter on feeder F1 or F2. */
    public static RegistryRow onFeeder(String feeder, int i) {
        return new RegistryRow("12000000" + (feeder.equals("F1") ? "001" : "002") + "0" + i, Fuel.ELECTRICITY,
                feeder, "S1", "12", "ALFA", REGISTERED);
    }

    public static MeterRecord event(RegistryRow meter, String id, String code, Instant time) {
        return MeterRecord.of(new MeterEvent(id, meter.meterId(), Fuel.ELECTRICITY, code, time, null, null, null),
                meter);
    }

    public static MeterRecord event(RegistryRow meter, String id, String code, String time) {
        return event(meter, id, code, Instant.parse(time));
    }

    /** An event of METER. */
    public static MeterRecord event(String id, String code, String time) {
        return event(METER, id, code, time);
    }

    /** A service request the meter's supplier sent for it, to act at once. */
    public static MeterRecord request(RegistryRow meter, String requestId, DuisService service, String time) {
        return MeterRecord.of(new ServiceRequest(requestId, meter.meterId(), meter.supplier(),
                DccRole.IMPORT_SUPPLIER, service, Instant.parse(time), null), meter);
    }

    /** The DCC's response to a request. */
    public static MeterRecord response(RegistryRow meter, String requestId, String outcome, String time) {
        return MeterRecord.of(new ServiceResponse(requestId, meter.meterId(), outcome, Instant.parse(time)), meter);
    }

    /** A half-hourly read of the meter with the given average voltage (one volt either side). */
    public static MeterRecord read(RegistryRow meter, Instant start, double avg) {
        return MeterRecord.of(new IntervalRead(meter.meterId(), Fuel.ELECTRICITY, start, 30, 0.2, 0.0, avg - 1, avg,
                avg + 1), meter);
    }

    /** A read of METER. */
    public static MeterRecord read(String start, double avg) {
        return read(METER, Instant.parse(start), avg);
    }

    public static long millis(MeterRecord record) {
        return record.time().toEpochMilli();
    }

    /**
     * The default rule-set version, scenarios included, copied to {@code <root>/gb-default/1.0.0} (a folder that
     * reads as a version, to change or to make new versions from).
     */
    public static Path copyDefaultRules(Path root) throws IOException {
        Path copy = Files.createDirectories(root.resolve("gb-default").resolve("1.0.0"));
        copyTree(DEFAULT_RULES, copy);
        return copy;
    }

    /** Copies the folder's files and folders into {@code to}, replacing files of the same name there. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The rule operator keyed by location over the default rule set and REGISTRY. */
    public static KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> evaluateRules(
            RuleEngine engine, boolean inputSortedByTime) throws Exception {
        if (!inputSortedByTime) {
            return evaluateRulesOnAStream(engine, null, null);
        }
        // As a replay runs it: Flink's own operator.
        var harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                rules(engine, InputOrder.EVENT_TIME), BY_LOCATION, Types.STRING, EvaluateRules.INPUT_END,
                EvaluateRules.RULE_SETS);
        hearRegistry(harness);
        return harness;
    }

    /**
     * The rule operator as a stream runs it (the one that holds state between checkpoints), on the state backend
     * (null: the heap), restored from a snapshot taken of it (null: new, and told the REGISTRY).
     */
    public static KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> evaluateRulesOnAStream(
            RuleEngine engine, StateBackend backend, OperatorSubtaskState restored) throws Exception {
        var harness = new KeyedBroadcastOperatorTestHarness<>(
                new EvaluateRulesOperator(rules(engine, InputOrder.STREAM)), BY_LOCATION, Types.STRING, 1, 1, 0);
        if (backend != null) {
            harness.setStateBackend(backend);
        }
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        if (restored == null) {
            hearRegistry(harness);
        }
        return harness;
    }

    private static EvaluateRules rules(RuleEngine engine, InputOrder order) {
        return new EvaluateRules(PipelineParts.shipped(DEFAULT_RULES), engine, order, Map.of(),
                GridAlarmOptions.DEFAULT_READS_LATENESS, LiveClocks.DEFAULT.idleAfter());
    }

    private static void hearRegistry(KeyedBroadcastOperatorTestHarness<String, MeterRecord, ControlMessage, Alarm> h)
            throws Exception {
        for (MeterRecord news : registryNews(Path.of(REGISTRY))) {
            h.processElement(news, MeterRecord.REGISTRY_TIME.toEpochMilli());
        }
    }

    /** How many keyed state entries the fixture registry's news leave in the rule operator. */
    public static int registryStateEntries() throws Exception {
        try (var harness = evaluateRules(RuleEngine.HAND_CODED, false)) {
            return stateEntries(harness);
        }
    }

    /** Keyed state entries left in a keyed operator (the broadcast harness has no shortcut for it). */
    public static int stateEntries(AbstractStreamOperatorTestHarness<?> harness) throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        // What a checkpoint would see: changes the operator holds are written first.
        operator.prepareSnapshotPreBarrier(0L);
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** How many keys hold the named state (without a namespace) in a keyed operator. */
    public static long stateKeys(AbstractStreamOperatorTestHarness<?> harness, String state) throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
        operator.prepareSnapshotPreBarrier(0L);
        try (var keys = operator.getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    /** What the registry join tells each location about the registry file's meters, as a job starting afresh. */
    public static List<MeterRecord> registryNews(Path registryFile) throws InputException {
        Registry registry = RegistryCsv.read(registryFile);
        List<MeterRecord> news = new ArrayList<>();
        for (String meterId : new TreeSet<>(registry.meterIds())) {
            MeterHistory history = registry.history(meterId);
            for (String location : history.locations()) {
                news.add(MeterRecord.registry(history.lastIn(location), history));
            }
        }
        return news;
    }

    private static String writeRegistry() {
        StringBuilder csv = new StringBuilder("meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n");
        csv.append(METER.meterId()).append(",ELECTRICITY,F1,S1,12,ALFA,2020-01-01\n");
        csv.append(NEIGHBOUR.meterId()).append(",ELECTRICITY,F1,S1,12,BRVO,2020-01-01\n");
        csv.append(GAS_METER.meterId()).append(",GAS,,,XW,ALFA,2020-01-01\n");
        for (int i = 1; i <= 5; i++) {
            csv.append(onFeeder("F1", i).meterId()).append(",ELECTRICITY,F1,S1,12,ALFA,2020-01-01\n");
            csv.append(onFeeder("F2", i).meterId()).append(",ELECTRICITY,F2,S1,12,ALFA,2020-01-01\n");
        }
        try {
            Path file = Files.createTempFile("gridalarm-test-registry", ".csv");
            file.toFile().deleteOnExit();
            return Files.writeString(file, csv).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
