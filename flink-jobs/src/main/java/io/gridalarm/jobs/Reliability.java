package io.gridalarm.jobs;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.functions.ReliabilityFigures;
import io.gridalarm.model.Json;
import io.gridalarm.model.LostMinutes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums a replay's reliability contributions into {@code reliability.json}: per day and network operator. */
final class Reliability {

    private Reliability() {
    }

    /** One day of one network operator. */
    @JsonPropertyOrder({"day", "networkOperator", "customersInterrupted", "customerMinutesLost",
            "customerSecondsLost", "shortInterruptions", "outagesByLevel"})
    record Day(String day, String networkOperator, long customersInterrupted, double customerMinutesLost,
               long customerSecondsLost, long shortInterruptions, Map<String, Long> outagesByLevel) {
    }

    /** The report. */
    @JsonPropertyOrder({"timeZone", "days"})
    record Report(String timeZone, List<Day> days) {
    }

    /** Replaces {@code reliability.jsonl} (the contributions) in the folder by {@code reliability.json}. */
    static Report write(Path outDir) throws IOException {
        Path contributions = outDir.resolve(OutputLine.RELIABILITY + ".jsonl");
        Map<String, Map<String, Long>> sums = new TreeMap<>();
        if (Files.exists(contributions)) {
            for (String line : Files.readAllLines(contributions, StandardCharsets.UTF_8)) {
                ReliabilityFigures.Contribution c = Json.mapper().readValue(line, ReliabilityFigures.Contribution.class);
                sums.computeIfAbsent(c.day() + "|" + c.networkOperator(), k -> new TreeMap<>())
                        .merge(c.measure(), c.value(), Long::sum);
            }
            Files.delete(contributions);
        }
        List<Day> days = new ArrayList<>();
        sums.forEach((key, measures) -> {
            Map<String, Long> byLevel = new TreeMap<>();
            measures.forEach((measure, value) -> {
                if (measure.startsWith("outages.")) {
                    byLevel.put(measure.substring("outages.".length()), value);
                }
            });
            String[] parts = key.split("\\|", 2);
            long secondsLost = measures.getOrDefault(ReliabilityFigures.SECONDS_LOST, 0L);
            days.add(new Day(parts[0], parts[1], measures.getOrDefault("customersInterrupted", 0L),
                    LostMinutes.of(secondsLost), secondsLost, measures.getOrDefault("shortInterruptions", 0L),
                    byLevel));
        });
        Report report = new Report(ReliabilityFigures.ZONE.getId(), days);
        Files.writeString(outDir.resolve("reliability.json"),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        return report;
    }
}
