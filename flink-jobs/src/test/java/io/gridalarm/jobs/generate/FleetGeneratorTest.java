package io.gridalarm.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.AssetKind;
import io.gridalarm.model.Checked;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.LineParser;
import io.gridalarm.model.NetworkAsset;
import io.gridalarm.model.NetworkCsv;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.RecordKind;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated fleet is reproducible and has what demos and tests rely on. */
class FleetGeneratorTest {

    @TempDir
    Path dir;

    private static final FleetGenerator.Settings SETTINGS =
            new FleetGenerator.Settings(400, 2, 5, Instant.parse("2026-11-01T00:00:00Z"), 0.001);

    @Test
    void theSameSeedWritesTheSameBytes() throws Exception {
        new FleetGenerator(SETTINGS).writeTo(dir.resolve("a"));
        new FleetGenerator(SETTINGS).writeTo(dir.resolve("b"));
        for (String file : new String[] {"registry.csv", "network.csv", "events.jsonl", "reads.jsonl",
                "requests.jsonl", "responses.jsonl"}) {
            assertEquals(Files.readString(dir.resolve("a").resolve(file)), Files.readString(dir.resolve("b").resolve(file)),
                    file);
        }
    }

    @Test
    void theSupplyControlTrafficHasDisconnectionsReconnectionsStatusReadsAndABurstPastTheQuarantineLevel()
            throws Exception {
        FleetGenerator.Written written = new FleetGenerator(SETTINGS).writeTo(dir);
        LineParser parser = new LineParser(AlertCodes.gbcs());
        List<ServiceRequest> requests = new ArrayList<>();
        for (String line : Files.readAllLines(written.requests())) {
            Checked<ParsedInput> parsed = parser.parse(RecordKind.REQUEST, line.getBytes(StandardCharsets.UTF_8));
            if (parsed.isOk()) {
                requests.add((ServiceRequest) parsed.value().service());
            }
        }
        Map<DuisService, Long> byService = requests.stream().collect(Collectors.groupingBy(ServiceRequest::service,
                Collectors.counting()));
        assertTrue(byService.getOrDefault(DuisService.ENABLE_SUPPLY, 0L) > 0, byService.toString());
        assertTrue(byService.getOrDefault(DuisService.DISABLE_SUPPLY, 0L) > 110, byService.toString());
        Instant burst = Instant.parse("2026-11-01T03:00:00Z");
        Map<String, Long> inBurst = requests.stream().filter(r -> !r.time().isBefore(burst)
                        && r.time().isBefore(burst.plus(Duration.ofMinutes(40))))
                .collect(Collectors.groupingBy(ServiceRequest::user, Collectors.counting()));
        assertTrue(inBurst.values().stream().anyMatch(n -> n > 100), "one user's burst past 100 an hour (a line or two "
                + "spoiled on purpose): " + inBurst);
        Set<String> ids = requests.stream().map(ServiceRequest::requestId).collect(Collectors.toSet());
        List<String> responses = Files.readAllLines(written.responses());
        assertTrue(responses.size() <= written.requestLines(), "a response per request at most");
        assertTrue(responses.stream().filter(l -> ids.stream().anyMatch(l::contains)).count() > responses.size() - 5,
                "responses answer the requests");
    }

    @Test
    void theFleetHasSeveralOperatorsGasMetersAndChangesOfSupplier() throws Exception {
        FleetGenerator.Written written = new FleetGenerator(SETTINGS).writeTo(dir);
        Registry registry = RegistryCsv.read(written.registry());
        assertEquals(400, registry.meterCount());
        Set<String> operators = registry.meterIds().stream()
                .map(id -> registry.rowsOf(id).get(0).networkOperator()).collect(Collectors.toSet());
        assertTrue(operators.size() >= 5, operators.toString());
        assertTrue(registry.meterIds().stream().anyMatch(id -> registry.rowsOf(id).get(0).fuel() == Fuel.GAS));
        assertTrue(registry.rowCount() > registry.meterCount(), "some meters change supplier");
        assertEquals(400L * 2 * 48, written.readLines());
        assertTrue(written.eventLines() > 20, "events: " + written.eventLines());
        assertTrue(written.badLines() > 0);
    }

    @Test
    void theNetworkFileHoldsEveryFeederAndSubstationOfTheRegistryUnderHvFeedersAndPrimaries() throws Exception {
        FleetGenerator.Written written = new FleetGenerator(new FleetGenerator.Settings(4000, 1, 5,
                Instant.parse("2026-11-01T00:00:00Z"), 0)).writeTo(dir);
        Map<String, NetworkAsset> assets = NetworkCsv.read(written.network());
        Registry registry = RegistryCsv.read(written.registry());
        for (String meterId : registry.meterIds()) {
            RegistryRow row = registry.rowsOf(meterId).get(0);
            if (row.feederId() != null) {
                NetworkAsset feeder = assets.get(row.feederId());
                assertEquals(AssetKind.LV_FEEDER, feeder.kind());
                assertEquals(row.substationId(), feeder.parentId(), "the registry's substation is the feeder's parent");
                NetworkAsset hv = assets.get(assets.get(row.substationId()).parentId());
                assertEquals(AssetKind.HV_FEEDER, hv.kind());
                assertEquals(AssetKind.PRIMARY_SUBSTATION, assets.get(hv.parentId()).kind());
                assertTrue(hv.assetId().contains(row.networkOperator()), "an HV feeder stays within one operator");
            }
        }
    }

    @Test
    void mpansCarryAValidCheckDigit() {
        String mpan = FleetGenerator.mpan("12", 42);
        int[] weights = {3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43};
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (mpan.charAt(i) - '0') * weights[i];
        }
        assertEquals(13, mpan.length());
        assertEquals(sum % 11 % 10, mpan.charAt(12) - '0');
        assertTrue(mpan.startsWith("12"));
    }

    @Test
    void aStormTakesWholeFeedersOffAndBringsThemBackWithoutReadsInBetween() throws Exception {
        FleetGenerator.Written calm = new FleetGenerator(SETTINGS).writeTo(dir.resolve("calm"));
        FleetGenerator.Written storm = new FleetGenerator(new FleetGenerator.Settings(400, 2, 5,
                Instant.parse("2026-11-01T00:00:00Z"), 0.001, 0.5)).writeTo(dir.resolve("storm"));
        assertEquals(0, calm.stormMeters());
        assertTrue(storm.stormMeters() >= 50, "meters off: " + storm.stormMeters());
        assertEquals(Files.readString(calm.registry()), Files.readString(storm.registry()));
        List<String> events = Files.readAllLines(storm.events());
        // The storm strikes at the middle of the period (2026-11-02T00:00Z); feeders trip within 20 minutes.
        long losses = events.stream().filter(l -> l.contains("\"code\":\"0x8F57\"")
                && l.matches(".*\"time\":\"2026-11-02T00:[0-2][0-9]:.*")).count();
        long restores = events.stream().filter(l -> l.contains("\"code\":\"0x8F36\"")).count();
        assertTrue(losses >= storm.stormMeters() * 95 / 100 && losses <= storm.stormMeters() + 5,
                "loss alerts " + losses + " for " + storm.stormMeters() + " meters");
        assertTrue(restores >= storm.stormMeters() * 95 / 100, "restore alerts: " + restores);
        assertTrue(events.stream().anyMatch(l -> l.contains("\"code\":\"AD1\"")));
        assertTrue(storm.readLines() < calm.readLines(), "meters off supply send no reads");
    }
}
