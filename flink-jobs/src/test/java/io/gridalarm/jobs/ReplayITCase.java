package io.gridalarm.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.jobs.functions.SupplyStateLines;
import io.gridalarm.jobs.generate.FleetGenerator;
import io.gridalarm.model.Json;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.SupplyState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay job on the embedded MiniCluster, over the bundled samples and over hand-written scenarios. */
class ReplayITCase {

    private static final Path SAMPLES = Path.of("../samples").toAbsolutePath().normalize();
    private static final ReplayJob.ProgressListener QUIET = ReplayJob.ProgressListener.none();
    private static final Path RULES = Fixtures.DEFAULT_RULES;

    @TempDir
    Path dir;

    private static ReplaySettings.Builder samples() {
        return ReplaySettings.builder().registry(SAMPLES.resolve("registry.csv"))
                .eventFile(SAMPLES.resolve("events.jsonl")).readFile(SAMPLES.resolve("reads.jsonl"))
                .requestFile(SAMPLES.resolve("requests.jsonl")).responseFile(SAMPLES.resolve("responses.jsonl"))
                .ruleSet(RULES);
    }

    /** Every output file under the folder, by relative path, with its content. */
    private static Map<String, String> outputs(Path out) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                files.put(out.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void samplesGiveByteIdenticalOutputAtParallelismOneTwoAndEight() throws Exception {
        ReplaySummary one = ReplayJob.run(samples().parallelism(1).outDir(dir.resolve("p1")).build(), QUIET);
        ReplaySummary two = ReplayJob.run(samples().parallelism(2).outDir(dir.resolve("p2")).build(), QUIET);
        // Eight slots share the embedded cluster's network buffers with smaller memory pages (ReplayMemory).
        ReplaySummary eight = ReplayJob.run(samples().parallelism(8).outDir(dir.resolve("p8")).build(), QUIET);
        Map<String, String> p1 = outputs(dir.resolve("p1"));
        assertEquals(p1, outputs(dir.resolve("p2")));
        assertEquals(p1, outputs(dir.resolve("p8")));
        assertEquals(one.alarmsByKind(), eight.alarmsByKind());
        assertTrue(p1.keySet().stream().anyMatch(f -> f.startsWith("supplier/")), p1.keySet().toString());
        assertTrue(p1.keySet().stream().anyMatch(f -> f.startsWith("network-operator/")), p1.keySet().toString());
        assertTrue(p1.keySet().stream().anyMatch(f -> f.startsWith("supply-state/supplier/")), p1.keySet().toString());
        assertEquals(one.alarmsByKind(), two.alarmsByKind());
        assertEquals(one.supplyStatesByParty(), two.supplyStatesByParty());
        assertEquals(one.deadLettersByReason(), two.deadLettersByReason());
    }

    @Test
    void metersWhoseIdsAreNotNumbersGetTheSameAlarmsAsTheirNumberedTwins() throws Exception {
        // Numbered ids key the join by an 8-byte number; any other id by the string: both must give the same alarms.
        Path lettered = Files.createDirectories(dir.resolve("lettered"));
        List<String> registry = Files.readAllLines(SAMPLES.resolve("registry.csv"));
        List<String> rows = new ArrayList<>(List.of(registry.get(0)));
        registry.stream().skip(1).map(row -> "MTR-" + row).forEach(rows::add);
        Files.write(lettered.resolve("registry.csv"), rows);
        for (String file : List.of("events.jsonl", "reads.jsonl", "requests.jsonl", "responses.jsonl")) {
            Files.writeString(lettered.resolve(file), Files.readString(SAMPLES.resolve(file))
                    .replace("\"meterId\":\"", "\"meterId\":\"MTR-"));
        }
        assertTrue(ReplayJob.numberedMeters(SAMPLES.resolve("registry.csv")));
        assertFalse(ReplayJob.numberedMeters(lettered.resolve("registry.csv")));
        ReplaySummary numbered = ReplayJob.run(samples().parallelism(2).outDir(dir.resolve("numbered")).build(),
                QUIET);
        ReplaySummary named = ReplayJob.run(ReplaySettings.builder().registry(lettered.resolve("registry.csv"))
                .eventFile(lettered.resolve("events.jsonl")).readFile(lettered.resolve("reads.jsonl"))
                .requestFile(lettered.resolve("requests.jsonl")).responseFile(lettered.resolve("responses.jsonl"))
                .ruleSet(RULES).parallelism(2).outDir(dir.resolve("named")).build(), QUIET);
        Map<String, String> expected = new TreeMap<>();
        outputs(dir.resolve("numbered")).forEach((file, text) -> expected.put(file, sortedLines(text)));
        Map<String, String> got = new TreeMap<>();
        outputs(dir.resolve("named")).forEach((file, text) -> got.put(file, sortedLines(text
                .replace(lettered.toString(), SAMPLES.toString()).replace("MTR-", ""))));
        assertEquals(expected, got);
        assertEquals(numbered.alarmsByKind(), named.alarmsByKind());
        assertEquals(numbered.deadLettersByReason(), named.deadLettersByReason());
        assertTrue(numbered.deadLettersByReason().containsKey("UNKNOWN_METER"), "the join's dead letters compared");
    }

    /**
     * The text's lines, sorted, without what a meter id's spelling changes: alarm ids (and the verifying requests'
     * ids made from them) and the column of a bad line's error.
     */
    private static String sortedLines(String text) {
        return text.lines().map(line -> line.replaceAll("\"alarmId\":\"[0-9a-f]+\"", "\"alarmId\":\"-\"")
                        .replaceAll("\"verify-[0-9a-f]+-", "\"verify-")
                        .replaceAll("at column [0-9]+", "at column -"))
                .sorted().reduce("", (all, line) -> all + line + "\n");
    }

    @Test
    void samplesReplayCountsEveryLineAndDropsEachReDeliveredEventOnce() throws Exception {
        ReplaySummary summary = ReplayJob.run(samples().outDir(dir).build(), QUIET);
        long eventLines = Files.readAllLines(SAMPLES.resolve("events.jsonl")).size();
        long readLines = Files.readAllLines(SAMPLES.resolve("reads.jsonl")).size();
        long serviceLines = Files.readAllLines(SAMPLES.resolve("requests.jsonl")).size()
                + Files.readAllLines(SAMPLES.resolve("responses.jsonl")).size();
        assertEquals(eventLines + readLines + serviceLines, summary.linesRead());
        assertEquals(Files.readAllLines(dir.resolve("dead-letters.jsonl")).size(), summary.deadLetters());
        assertTrue(summary.deadLetters() > 0, "the samples hold spoiled lines on purpose");
        assertEquals(expectedDuplicates(), summary.duplicateEvents());
        assertTrue(summary.alarmsByKind().keySet().containsAll(
                Set.of("SAFETY", "TAMPER", "EXTREME_VOLTAGE", "VOLTAGE_ALERT")), summary.alarmsByKind().toString());
        JsonNode written = Json.mapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(summary.linesRead(), written.get("linesRead").asLong());
        assertEquals(summary.deliveries(), Files.readAllLines(dir.resolve("audit.jsonl")).stream()
                .filter(l -> l.contains("\"decision\":\"DELIVERED\"")).count());
    }

    @Test
    void eachMetersSupplyStateGoesOnlyToTheSupplierAndNetworkOperatorTheRegistryNamesAtItsTime() throws Exception {
        ReplaySummary summary = ReplayJob.run(samples().outDir(dir).build(), QUIET);
        Registry registry = RegistryCsv.read(SAMPLES.resolve("registry.csv"));
        Map<String, List<String>> states = StagedOutputFiles.supplyStateLines(dir);
        assertEquals(summary.supplyStatesByParty().keySet(), states.keySet());
        Set<String> positions = new HashSet<>();
        int withdrawals = 0;
        for (Map.Entry<String, List<String>> party : states.entrySet()) {
            PartyType type = OutputLine.partyTypeOf(party.getKey());
            String id = party.getKey().substring(type.slug().length() + 1);
            for (String line : party.getValue()) {
                if (Json.mapper().readTree(line).has("withdrawn")) {
                    SupplyStateLines.Withdrawal gone = Json.mapper().readValue(line, SupplyStateLines.Withdrawal.class);
                    assertEquals(id, registry.rowAt(gone.meterId(), gone.time().minusMillis(1)).party(type), line);
                    assertFalse(id.equals(registry.rowAt(gone.meterId(), gone.time()).party(type)), line);
                    withdrawals++;
                    continue;
                }
                SupplyState state = Json.mapper().readValue(line, SupplyState.class);
                assertEquals(id, registry.rowAt(state.meterId(), state.time()).party(type), party.getKey()
                        + " was sent the state of a meter that was not its own: " + line);
                positions.add(state.position() + "/" + state.energised());
            }
        }
        assertTrue(positions.containsAll(Set.of("DISCONNECTED/false", "CONNECTED/true", "null/false")),
                "the samples switch meters off and on and lose supply: " + positions);
        assertTrue(withdrawals > 0, "a disconnected sample meter changes supplier: its old supplier loses its state");
    }

    /** Re-deliveries in the sample events: valid lines whose event id appeared on an earlier valid line. */
    private static long expectedDuplicates() throws IOException {
        Set<String> seen = new HashSet<>();
        long duplicates = 0;
        for (String line : Files.readAllLines(SAMPLES.resolve("events.jsonl"))) {
            try {
                JsonNode node = Json.mapper().readTree(line);
                JsonNode id = node.get("eventId");
                if (id != null && node.hasNonNull("meterId") && node.hasNonNull("time")
                        && node.get("time").asText().endsWith("Z") && !node.get("code").asText().equals("0x9999")
                        && !seen.add(id.asText())) {
                    duplicates++;
                }
            } catch (IOException spoiled) {
                // A spoiled line is a dead letter, not a duplicate.
            }
        }
        return duplicates;
    }

    @Test
    void handCodedRulesGiveTheSameFilesAsTheDrl() throws Exception {
        ReplayJob.run(samples().outDir(dir.resolve("drl")).build(), QUIET);
        ReplayJob.run(samples().engine(RuleEngine.HAND_CODED).outDir(dir.resolve("java")).build(), QUIET);
        assertEquals(outputs(dir.resolve("drl")), outputs(dir.resolve("java")));
    }

    @Test
    void aScenarioRoutesByChangeOfSupplierDropsDuplicatesAndKeepsDeadLetters() throws Exception {
        Path registry = Files.writeString(dir.resolve("registry.csv"), """
                meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom
                1200000000001,ELECTRICITY,F1,S1,12,ALFA,2026-01-01T00:00:00Z
                1200000000001,ELECTRICITY,F1,S1,12,BRVO,2026-11-20T12:00:00Z
                7300000001,GAS,,,NGN,CHRL,2026-01-01T00:00:00Z
                1200000000004,ELECTRICITY,F1,S1,12,DLTA,2026-01-01T00:00:00Z
                """);
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"eventId":"t1","meterId":"1200000000001","fuel":"ELECTRICITY","code":"0x8F74","time":"2026-11-20T09:00:00Z"}
                {"eventId":"t2","meterId":"1200000000001","fuel":"ELECTRICITY","code":"0x8f74","time":"2026-11-20T15:00:00Z"}
                {"eventId":"t2","meterId":"1200000000001","fuel":"ELECTRICITY","code":"0x8f74","time":"2026-11-20T15:00:00Z"}
                {"eventId":"g1","meterId":"7300000001","fuel":"GAS","code":"0x81B4","time":"2026-11-20T10:00:00Z"}

                {"eventId":"x1","meterId":"1200000000001","code":"0x1234","time":"2026-11-20T10:00:00Z"}
                {"eventId":"x2","meterId":"1999","code":"0x8F74","time":"2026-11-20T10:00:00Z"}
                {"eventId":"x3","meterId":"1200000000001","code":"0x8F74","time":"noon"}
                {"eventId":"x4",
                """);
        Path reads = Files.writeString(dir.resolve("reads.jsonl"), """
                {"meterId":"1200000000001","start":"2026-11-20T10:00:00Z","minutes":30,"importKwh":0.2,"voltageMin":205,"voltageAvg":210,"voltageMax":212}
                {"meterId":"1200000000001","start":"2026-11-20T10:30:00Z","minutes":30,"importKwh":0.2,"voltageMin":205,"voltageAvg":210,"voltageMax":212}
                {"meterId":"1200000000001","start":"2026-11-20T11:00:00Z","minutes":30,"importKwh":0.2,"voltageMin":230,"voltageAvg":235,"voltageMax":238}
                {"meterId":"1200000000001","start":"2026-11-20T11:30:00Z","minutes":-30,"importKwh":0.2}
                {"meterId":"7300000001","start":"2026-11-20T10:00:00Z","minutes":30,"importKwh":1.5,"voltageAvg":240}
                {"meterId":"1200000000004","start":"2026-11-20T12:30:00Z","minutes":30,"importKwh":0.2}
                {"meterId":"1200000000004","start":"2026-11-20T13:00:00Z","minutes":30,"importKwh":0.2}
                {"meterId":"1200000000004","start":"2026-11-20T13:30:00Z","minutes":30,"importKwh":0.2}
                {"meterId":"1200000000004","start":"2026-11-20T14:00:00Z","minutes":30,"importKwh":0.2}
                {"meterId":"1200000000004","start":"2026-11-20T14:30:00Z","minutes":30,"importKwh":0.2}
                """);
        Path out = dir.resolve("out");
        ReplaySummary summary = ReplayJob.run(ReplaySettings.builder().registry(registry).eventFile(events)
                .readFile(reads).ruleSet(RULES).outDir(out).build(), QUIET);

        List<JsonNode> alfa = lines(out.resolve("supplier/ALFA.jsonl"));
        List<JsonNode> brvo = lines(out.resolve("supplier/BRVO.jsonl"));
        assertEquals(List.of("2026-11-20T09:00:00Z"), alfa.stream().map(a -> a.get("time").asText()).toList());
        assertEquals(List.of("COMMS_LOSS:2026-11-20T11:30:00Z", "TAMPER:2026-11-20T15:00:00Z"), brvo.stream()
                .map(a -> a.get("kind").asText() + ":" + a.get("startTime").asText()).sorted().toList(),
                "the re-delivered t2 raises one alarm; the meter's reads stopped at 11:30, seen when its neighbour's "
                + "reads had moved two hours on (alerts never move the reads' clock)");

        List<JsonNode> dno = lines(out.resolve("network-operator/12.jsonl"));
        assertEquals(List.of("EXTREME_VOLTAGE:RAISED", "EXTREME_VOLTAGE:CLEARED"), dno.stream()
                .map(a -> a.get("kind").asText() + ":" + a.get("status").asText()).toList());
        assertEquals("LOW", dno.get(0).get("details").get("direction").asText());

        List<JsonNode> gdn = lines(out.resolve("network-operator/NGN.jsonl"));
        assertEquals("SAFETY", gdn.get(0).get("kind").asText());
        assertEquals("CRITICAL", gdn.get(0).get("severity").asText());
        assertEquals(1, lines(out.resolve("supplier/CHRL.jsonl")).size());

        Map<String, String> reasonsByLine = new TreeMap<>();
        for (JsonNode letter : lines(out.resolve("dead-letters.jsonl"))) {
            reasonsByLine.put(Path.of(letter.get("source").asText()).getFileName() + ":" + letter.get("line").asLong(),
                    letter.get("reason").asText());
            assertFalse(letter.get("message").asText().isBlank());
            assertTrue(letter.has("text"));
        }
        assertEquals(Map.of("events.jsonl:6", "UNKNOWN_ALERT_CODE", "events.jsonl:7", "UNKNOWN_METER",
                "events.jsonl:8", "BAD_TIME", "events.jsonl:9", "BAD_JSON",
                "reads.jsonl:4", "IMPOSSIBLE_VALUE", "reads.jsonl:5", "IMPOSSIBLE_VALUE"), reasonsByLine);
        assertEquals(1, summary.duplicateEvents());
        assertEquals(1, summary.blankLines());
        assertEquals(19, summary.linesRead());
    }

    @Test
    void outagesAreConfirmedByLaterRecordsButNotByTheEndOfTheInput() throws Exception {
        Path registry = Files.writeString(dir.resolve("registry.csv"), """
                meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom
                1200000000001,ELECTRICITY,F1,S1,12,ALFA,2026-01-01T00:00:00Z
                1200000000002,ELECTRICITY,F1,S1,12,BRVO,2026-01-01T00:00:00Z
                1200000000003,ELECTRICITY,F9,S2,12,BRVO,2026-01-01T00:00:00Z
                """);
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"eventId":"d1","meterId":"1200000000003","code":"AD1","time":"2026-11-20T10:50:00Z"}
                {"eventId":"s1","meterId":"1200000000002","code":"0x8F57","time":"2026-11-20T09:00:00Z"}
                {"eventId":"s2","meterId":"1200000000002","code":"0x8F35","time":"2026-11-20T09:01:00Z"}
                {"eventId":"l1","meterId":"1200000000001","code":"0x8F57","time":"2026-11-20T10:00:00Z"}
                {"eventId":"r1","meterId":"1200000000001","code":"0x8F36","time":"2026-11-20T10:40:00Z"}
                {"eventId":"l2","meterId":"1200000000002","code":"0x8F57","time":"2026-11-20T11:00:00Z"}
                """);
        Path reads = Files.writeString(dir.resolve("reads.jsonl"), """
                {"meterId":"1200000000002","start":"2026-11-20T10:00:00Z","minutes":30,"importKwh":0.2}
                """);
        Path out = dir.resolve("out");
        ReplaySummary summary = ReplayJob.run(ReplaySettings.builder().registry(registry).eventFile(events)
                .readFile(reads).ruleSet(RULES).outDir(out).build(), QUIET);
        List<JsonNode> dno = lines(out.resolve("network-operator/12.jsonl"));
        assertEquals(List.of("1200000000001:RAISED:2026-11-20T10:03:00Z", "1200000000001:CLEARED:2026-11-20T10:40:00Z",
                "1200000000003:RAISED:2026-11-20T10:50:00Z"),
                dno.stream().map(a -> a.get("meterIds").get(0).asText() + ":" + a.get("status").asText() + ":"
                        + a.get("time").asText()).toList(), "the loss at the input's last instant is not confirmed, "
                        + "but S2, dark after 10:50, is released by the input's clock (11:00), not its own records");
        assertEquals(40, dno.get(1).get("details").get("customerMinutesLost").asLong());
        assertEquals(1, summary.shortInterruptions());
        JsonNode reliability = Json.mapper().readTree(out.resolve("reliability.json").toFile());
        assertEquals("Europe/London", reliability.get("timeZone").asText());
        assertEquals(1, reliability.get("days").size());
        JsonNode day = reliability.get("days").get(0);
        assertEquals("2026-11-20", day.get("day").asText());
        assertEquals("12", day.get("networkOperator").asText());
        assertEquals(1, day.get("customersInterrupted").asLong(), "S2's outage is still open");
        assertEquals(40, day.get("customerMinutesLost").asLong());
        assertEquals(1, day.get("shortInterruptions").asLong());
        assertEquals(2, day.get("outagesByLevel").get("METER").asLong());
        assertFalse(Files.exists(out.resolve("reliability.jsonl")), "only the report is kept");
    }

    @Test
    void aGeneratedStormOfHvFeederTripsGivesOneAlarmPerFaultyAssetInBothEngines() throws Exception {
        FleetGenerator.Written storm = new FleetGenerator(
                new FleetGenerator.Settings(3000, 1, 21,
                        Instant.parse("2026-11-01T00:00:00Z"), 0.0, 0.4)).writeTo(dir.resolve("fleet"));
        ReplaySettings.Builder replay = ReplaySettings.builder().registry(storm.registry()).eventFile(storm.events())
                .readFile(storm.reads()).network(storm.network()).ruleSet(RULES);
        ReplayJob.run(replay.outDir(dir.resolve("drl")).build(), QUIET);
        ReplayJob.run(replay.engine(RuleEngine.HAND_CODED).outDir(dir.resolve("java")).build(), QUIET);
        assertEquals(outputs(dir.resolve("drl")), outputs(dir.resolve("java")));
        ReplayJob.run(replay.engine(RuleEngine.DROOLS).parallelism(1).outDir(dir.resolve("one")).build(), QUIET);
        assertEquals(outputs(dir.resolve("drl")), outputs(dir.resolve("one")), "the same alarms at parallelism 1 and 2 "
                + "with the network join and the rule operator keyed by primary");

        Map<String, Integer> raisedByLevel = new TreeMap<>();
        long customersInterrupted = 0;
        try (Stream<Path> files = Files.list(dir.resolve("drl/network-operator"))) {
            for (Path file : files.toList()) {
                for (JsonNode alarm : lines(file)) {
                    if (!alarm.get("kind").asText().endsWith("OUTAGE")) {
                        continue;
                    }
                    if (alarm.get("status").asText().equals("RAISED")) {
                        raisedByLevel.merge(alarm.get("kind").asText() + "/" + alarm.get("scope").get("level").asText(),
                                1, Integer::sum);
                    }
                    if (alarm.get("status").asText().equals("CLEARED") && alarm.get("details").has("customersInterrupted")) {
                        customersInterrupted += alarm.get("details").get("customersInterrupted").asLong();
                    }
                }
            }
        }
        int groups = raisedByLevel.entrySet().stream().filter(e -> e.getKey().startsWith("OUTAGE/"))
                .mapToInt(Map.Entry::getValue).sum();
        assertTrue(raisedByLevel.getOrDefault("OUTAGE/HV_FEEDER", 0) > 0, "HV feeders trip in the storm and are "
                + "alarmed as HV feeders: " + raisedByLevel);
        assertTrue(groups > 0 && groups * 50 <= storm.stormMeters(), raisedByLevel + " for " + storm.stormMeters()
                + " meters off");
        assertEquals(0, raisedByLevel.getOrDefault("OUTAGE/METER", 0), "storm meters are never sent one by one");
        assertEquals(storm.stormMeters(), customersInterrupted, "every meter off counts once in CI");
        long reportedCi = 0;
        for (JsonNode day : Json.mapper().readTree(dir.resolve("drl/reliability.json").toFile()).get("days")) {
            reportedCi += day.get("customersInterrupted").asLong();
        }
        assertEquals(customersInterrupted, reportedCi, "reliability.json adds up to the cleared alarms");
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(Json.mapper().readTree(line));
        }
        return nodes;
    }
}
