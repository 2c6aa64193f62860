package io.gridalarm.jobs.analyst;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.jobs.ReplayJob;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.Json;
import io.gridalarm.model.Scope;
import io.gridalarm.rules.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;


/**
 * The scenarios stored with a rule-set version ({@code <version>/scenarios/<name>/} holding {@code registry.csv}, an
 * optional {@code network.csv}, any of {@code events.jsonl}, {@code reads.jsonl}, {@code requests.jsonl} and
 * {@code responses.jsonl}, and {@code expected.jsonl}), each replayed through the version exactly as {@code replay}
 * would, and its alarms compared with the expected ones on kind, status, scope,
 * recipients, rule and the details the expectation names.
 */
public final class Scenarios {

    /** The folder of a version's scenarios. */
    public static final String FOLDER = "scenarios";
    public static final String EXPECTED = "expected.jsonl";
    /** Details worth pinning in a recorded expectation. */
    private static final List<String> KEY_DETAILS = List.of("code", "customersInterrupted", "customerMinutesLost",
            "customerSecondsLost", "durationMinutes", "missedIntervals", "metersOff", "metersBack", "metersOutOfRange",
            "requestId", "service", "outcome", "role", "overdueFrom", "scheduledFor", "reconnections", "allowed",
            "requestsInWindow", "requestsHeld", "warningLevel", "quarantineLevel", "metersSwitched", "assetMeters",
            "switchedTo", "endTime", "notConfirmedBack");

    private Scenarios() {
    }

    /** One alarm as a scenario states it; null fields (and absent details) are not compared. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"kind", "status", "scope", "recipients", "rule", "details"})
    public record Expected(String kind, String status, Scope scope, List<String> recipients, String rule,
                           Map<String, Object> details) {

        /** What an emitted alarm shows of these fields, with the key details it carries. */
        static Expected of(Alarm alarm, List<String> recipients) {
            Map<String, Object> details = new LinkedHashMap<>();
            for (String key : KEY_DETAILS) {
                if (alarm.details().containsKey(key)) {
                    details.put(key, alarm.details().get(key));
                }
            }
            return new Expected(alarm.kind(), alarm.status().name(), alarm.scope(), recipients, alarm.rule(),
                    details);
        }

        boolean matches(Expected actual) {
            if (!kind.equals(actual.kind) || (status != null && !status.equals(actual.status))
                    || (scope != null && !scope.equals(actual.scope)) || (rule != null && !rule.equals(actual.rule))) {
                return false;
            }
            if (recipients != null && !new TreeSet<>(recipients).equals(new TreeSet<>(actual.recipients))) {
                return false;
            }
            if (details != null) {
                JsonNode want = Json.mapper().valueToTree(details);
                JsonNode have = Json.mapper().valueToTree(actual.details == null ? Map.of() : actual.details);
                for (var field : (Iterable<Map.Entry<String, JsonNode>>) want::fields) {
                    JsonNode value = have.get(field.getKey());
                    if (value == null || !sameValue(field.getValue(), value)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean sameValue(JsonNode want, JsonNode have) {
            return want.isNumber() && have.isNumber() ? want.decimalValue().compareTo(have.decimalValue()) == 0
                    : want.equals(have);
        }

        String line() {
            return Json.line(this);
        }
    }

    /** The outcome of one scenario. */
    public record Result(String name, Path folder, List<Expected> missing, List<Expected> unexpected,
                         List<Expected> actual, Set<String> rulesFired, String error) {
        public boolean passed() {
            return error == null && missing.isEmpty() && unexpected.isEmpty();
        }

        /** A readable diff: what was expected and did not come, what came and was not expected. */
        public String describe() {
            StringBuilder s = new StringBuilder();
            s.append(passed() ? "PASS " : "FAIL ").append(name).append('\n');
            if (error != null) {
                s.append("  error:      ").append(error).append('\n');
            }
            missing.forEach(e -> s.append("  - expected: ").append(e.line()).append('\n'));
            unexpected.forEach(e -> s.append("  + got:      ").append(e.line()).append('\n'));
            return s.toString();
        }
    }

    /** The scenario folders of a version, in name order. */
    public static List<Path> of(Path version) throws IOException {
        Path folder = version.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    /**
     * Runs one scenario through the version. With {@code record}, a scenario without {@code expected.jsonl} gets
     * one written from what the version gives (to be reviewed before it is committed).
     */
    public static Result run(Path version, Path scenario, Path work, boolean record) throws Exception {
        String name = scenario.getFileName().toString();
        Path expectedFile = scenario.resolve(EXPECTED);
        try {
            ReplaySettings.Builder builder = ReplaySettings.builder().registry(scenario.resolve("registry.csv"))
                    .ruleSet(version).parallelism(1).outDir(work.resolve(name));
            if (Files.exists(scenario.resolve("network.csv"))) {
                builder.network(scenario.resolve("network.csv"));
            }
            if (Files.exists(scenario.resolve("events.jsonl"))) {
                builder.eventFile(scenario.resolve("events.jsonl"));
            }
            if (Files.exists(scenario.resolve("reads.jsonl"))) {
                builder.readFile(scenario.resolve("reads.jsonl"));
            }
            if (Files.exists(scenario.resolve("requests.jsonl"))) {
                builder.requestFile(scenario.resolve("requests.jsonl"));
            }
            if (Files.exists(scenario.resolve("responses.jsonl"))) {
                builder.responseFile(scenario.resolve("responses.jsonl"));
            }
            Set<String> fired = ReplayJob.run(builder.build(), ReplayJob.ProgressListener.none())
                    .rulesFired().keySet();
            List<Expected> actual = emitted(work.resolve(name));
            StagedOutputFiles.deleteRecursively(work.resolve(name));
            if (!Files.exists(expectedFile) && record) {
                StringBuilder lines = new StringBuilder();
                actual.forEach(a -> lines.append(a.line()).append('\n'));
                Files.writeString(expectedFile, lines.toString(), StandardCharsets.UTF_8);
            }
            if (!Files.exists(expectedFile)) {
                return new Result(name, scenario, List.of(), List.of(), actual, fired, "no " + EXPECTED
                        + " (run with --record to write one from the current result, then review it)");
            }
            List<Expected> expected = new ArrayList<>();
            for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                    expected.add(Json.mapper().readValue(line, Expected.class));
                }
            }
            List<Expected> unmatched = new ArrayList<>(actual);
            List<Expected> missing = new ArrayList<>();
            for (Expected want : expected) {
                Expected found = unmatched.stream().filter(want::matches).findFirst().orElse(null);
                if (found == null) {
                    missing.add(want);
                } else {
                    unmatched.remove(found);
                }
            }
            return new Result(name, scenario, missing, unmatched, actual, fired, null);
        } catch (Exception e) {
            return new Result(name, scenario, List.of(), List.of(), List.of(), Set.of(),
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** The alarms a replay emitted, each once with every party it reached, in emission order. */
    static List<Expected> emitted(Path out) throws IOException {
        Map<String, Alarm> alarms = new TreeMap<>();
        Map<String, List<String>> recipients = new TreeMap<>();
        for (Map.Entry<String, List<String>> party : StagedOutputFiles.partyLines(out).entrySet()) {
            for (String line : party.getValue()) {
                Alarm alarm = Json.mapper().readValue(line, Alarm.class);
                String key = String.format("%015d|%s|%d", alarm.time().toEpochMilli(), alarm.alarmId(),
                        alarm.status().ordinal());
                alarms.putIfAbsent(key, alarm);
                recipients.computeIfAbsent(key, k -> new ArrayList<>()).add(party.getKey());
            }
        }
        List<Expected> emitted = new ArrayList<>();
        alarms.forEach((key, alarm) -> emitted.add(Expected.of(alarm, recipients.get(key).stream().sorted().toList())));
        return emitted;
    }

    /** The version's rule names that fired in none of the scenarios, in file order. */
    public static List<String> rulesNeverFired(RuleSet ruleSet, Set<String> seen)
            throws IOException {
        return ruleSet.ruleNames().stream().filter(name -> !seen.contains(name)).toList();
    }
}
