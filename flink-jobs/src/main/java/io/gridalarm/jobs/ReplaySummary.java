package io.gridalarm.jobs;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.functions.EvaluateRules;
import io.gridalarm.jobs.functions.MatchRegistry;
import io.gridalarm.jobs.functions.ValidateLines;
import io.gridalarm.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a replay read, raised, delivered and refused, and how fast: written to summary.json and stdout. */
@JsonPropertyOrder({"ruleSet", "parallelism", "linesRead", "blankLines", "duplicateEvents", "shortInterruptions",
        "deadLetters", "deadLettersByReason", "alarms", "alarmsByKind", "voltageMeterAlarms", "voltageAlarmsRaised",
        "deliveries", "deliveriesByParty", "recipientsRemoved", "supplyStatesByParty", "statusReads", "rulesFired",
        "wallSeconds", "linesPerSecond", "outDir"})
public record ReplaySummary(String ruleSet, int parallelism, long linesRead, long blankLines, long duplicateEvents,
                            long shortInterruptions, long deadLetters, Map<String, Long> deadLettersByReason, long alarms,
                            Map<String, Long> alarmsByKind, long voltageMeterAlarms, long voltageAlarmsRaised,
                            long deliveries,
                            Map<String, Map<String, Long>> deliveriesByParty, long recipientsRemoved,
                            Map<String, Map<String, Long>> supplyStatesByParty, long statusReads,
                            Map<String, Long> rulesFired, double wallSeconds, long linesPerSecond, String outDir) {

    static ReplaySummary of(ReplaySettings settings, Map<String, Object> accumulators,
                            Map<String, Map<String, Long>> files, double wallSeconds) {
        long lines = number(accumulators.get(ValidateLines.LINES_READ));
        Map<String, Long> byKind = new TreeMap<>();
        Map<String, Long> fired = new TreeMap<>();
        accumulators.forEach((name, value) -> {
            if (name.startsWith(EvaluateRules.RULES_FIRED)) {
                fired.put(name.substring(EvaluateRules.RULES_FIRED.length()), number(value));
            }
            if (name.startsWith(EvaluateRules.ALARMS_OF_KIND)) {
                byKind.put(name.substring(EvaluateRules.ALARMS_OF_KIND.length()), number(value));
            }
        });
        Map<String, Long> deadByReason = files.getOrDefault(OutputLine.DEAD_LETTERS, Map.of());
        Map<String, Map<String, Long>> byParty = new TreeMap<>();
        Map<String, Map<String, Long>> statesByParty = new TreeMap<>();
        files.forEach((bucket, tags) -> {
            String states = OutputLine.partyOfSupplyState(bucket);
            if (states != null) {
                statesByParty.put(states, tags);
            } else if (!bucket.equals(OutputLine.DEAD_LETTERS) && !bucket.equals(OutputLine.AUDIT)
                    && !bucket.equals(OutputLine.DCC_REQUESTS)) {
                byParty.put(bucket, tags);
            }
        });
        return new ReplaySummary(settings.ruleSet().getParent().getFileName() + "@"
                + settings.ruleSet().getFileName(), settings.parallelism(), lines,
                number(accumulators.get(ValidateLines.BLANK_LINES)),
                number(accumulators.get(MatchRegistry.DUPLICATES)),
                number(accumulators.get(EvaluateRules.SHORT_INTERRUPTIONS)), sum(deadByReason), deadByReason,
                sum(byKind), byKind, number(accumulators.get(EvaluateRules.VOLTAGE_METER_ALARMS)),
                number(accumulators.get(EvaluateRules.VOLTAGE_ALARMS_RAISED)),
                byParty.values().stream().mapToLong(ReplaySummary::sum).sum(), byParty,
                files.getOrDefault(OutputLine.AUDIT, Map.of()).getOrDefault("REMOVED", 0L), statesByParty,
                sum(files.getOrDefault(OutputLine.DCC_REQUESTS, Map.of())), fired,
                Math.round(wallSeconds * 100) / 100.0, wallSeconds > 0 ? Math.round(lines / wallSeconds) : 0,
                settings.outDir().toAbsolutePath().toString());
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    void write(Path file) throws IOException {
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
    }

    /** A short human-readable report. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Replayed %,d lines in %.1f s (%,d lines/s) through %s at parallelism %d%n",
                linesRead, wallSeconds, linesPerSecond, ruleSet, parallelism));
        s.append(String.format(Locale.ROOT, "  alarms: %,d emitted, %,d deliveries, %,d recipients removed by access "
                + "control%n", alarms, deliveries, recipientsRemoved));
        alarmsByKind.forEach((kind, n) -> s.append(String.format(Locale.ROOT, "    %-24s %,d%n", kind, n)));
        if (voltageMeterAlarms > 0) {
            s.append(String.format(Locale.ROOT, "  voltage roll-up: %,d meter voltage alarms raised, sent as %,d%n",
                    voltageMeterAlarms, voltageAlarmsRaised));
        }
        s.append("  deliveries by party:\n");
        deliveriesByParty.forEach((party, kinds) -> s.append(String.format(Locale.ROOT, "    %-28s %,d  %s%n", party,
                sum(kinds), kinds)));
        if (!supplyStatesByParty.isEmpty()) {
            s.append("  supply states by party (meters whose switch or energisation changed):\n");
            supplyStatesByParty.forEach((party, tags) -> s.append(String.format(Locale.ROOT, "    %-28s %,d  %s%n",
                    party, sum(tags), tags)));
        }
        if (statusReads > 0) {
            s.append(String.format(Locale.ROOT, "  supply status reads sent to verify nested outages: %,d%n",
                    statusReads));
        }
        s.append(String.format(Locale.ROOT, "  dead letters: %,d%n", deadLetters));
        deadLettersByReason.forEach((reason, n) -> s.append(String.format(Locale.ROOT, "    %-24s %,d%n", reason, n)));
        s.append(String.format(Locale.ROOT, "  short interruptions (no alarm): %,d%n", shortInterruptions));
        s.append(String.format(Locale.ROOT, "  duplicate events dropped: %,d; blank lines skipped: %,d%n",
                duplicateEvents, blankLines));
        s.append("  output: ").append(outDir).append('\n');
        return s.toString();
    }
}
