package io.gridalarm.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.jobs.ReplayJob;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.ReplaySummary;
import io.gridalarm.jobs.generate.FleetGenerator;
import io.gridalarm.model.Json;
import io.gridalarm.rules.OutageRollUp;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A storm at fleet scale: a generated network (LV feeders of 25 meters, secondaries of 4, HV feeders of 15
 * secondaries, primaries of 8 HV feeders) whose storm trips a share of the HV feeders and some whole primaries,
 * replayed with its network file through the default rule set, on its alerts alone (reads would only add restoration
 * evidence and hours of run time). Reports how many outage alarms reach the network operators and how many premises
 * each stands for, how soon after the first loss of supply the storm's outages were all raised (event time), the
 * replay's records/s and the peak heap of the whole run.
 */
public final class StormBenchmark {

    /** What to measure. */
    public record Settings(int meters, double stormShare, long seed, int parallelism, Path workDir) {
        public Settings {
            if (meters < 1000) {
                throw new IllegalArgumentException("A storm benchmark needs at least 1,000 meters, not " + meters
                        + ".");
            }
            if (stormShare <= 0 || stormShare > 1) {
                throw new IllegalArgumentException("The storm share must be above 0 and at most 1, not " + stormShare
                        + ".");
            }
        }
    }

    /** The figures of one storm replay. */
    public record Result(int meters, int metersOff, long lines, double seconds, long outageEmissions,
                         Map<String, Long> raisedByLevel, Duration allRaisedAfterFirstLoss, long peakHeapBytes) {

        public double premisesPerEmission() {
            return outageEmissions == 0 ? 0 : (double) metersOff / outageEmissions;
        }

        public String describe() {
            return String.format(Locale.ROOT, "Storm at fleet scale: %,d meters, %,d off supply, %,d alert lines%n"
                            + "  replay (alerts + network, full pipeline): %.1f s, %,.0f records/s, peak heap %,d MB%n"
                            + "  outage alarm emissions (OUTAGE and NESTED_OUTAGE, every status): %,d = %.0f premises "
                            + "off per emission (goal >= 100)%n"
                            + "  raised, by level: %s%n"
                            + "  every outage of the storm raised %d min %d s after its first loss of supply (event "
                            + "time; AD1 comes 3 min into an outage, the grouping window adds 2)%n",
                    meters, metersOff, lines, seconds, lines / seconds, peakHeapBytes >> 20, outageEmissions,
                    premisesPerEmission(), raisedByLevel, allRaisedAfterFirstLoss.toMinutes(),
                    allRaisedAfterFirstLoss.toSecondsPart());
        }
    }

    private StormBenchmark() {
    }

    public static Result run(Settings settings, PrintWriter log) throws Exception {
        Path data = settings.workDir().resolve("storm-" + settings.meters());
        log.printf(Locale.ROOT, "Generating %,d meters with a storm (its alerts and network) into %s ...%n",
                settings.meters(), data);
        log.flush();
        FleetGenerator.Written fleet = new FleetGenerator(new FleetGenerator.Settings(settings.meters(), 1,
                settings.seed(), Instant.parse("2026-11-01T00:00:00Z"), 0.0, settings.stormShare()).onlyAlerts())
                .writeTo(data);
        log.printf(Locale.ROOT, "Replaying %,d alert lines, %,d meters off ...%n", fleet.eventLines(),
                fleet.stormMeters());
        log.flush();
        Path out = settings.workDir().resolve("storm-out");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        ReplaySummary summary = ReplayJob.run(ReplaySettings.builder().registry(fleet.registry())
                .network(fleet.network()).eventFile(fleet.events()).parallelism(settings.parallelism()).outDir(out)
                .build(), ReplayJob.ProgressListener.none());
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        long emissions = summary.alarmsByKind().getOrDefault(OutageRollUp.KIND, 0L)
                + summary.alarmsByKind().getOrDefault(OutageRollUp.NESTED_KIND, 0L);
        Map<String, Long> raisedByLevel = new TreeMap<>();
        Instant firstLoss = Instant.MAX;
        Instant lastRaised = Instant.MIN;
        try (Stream<Path> files = Files.list(out.resolve("network-operator"))) {
            for (Path file : files.toList()) {
                try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        JsonNode alarm = Json.mapper().readTree(line);
                        if (!alarm.get("kind").asText().equals(OutageRollUp.KIND)
                                || !alarm.get("status").asText().equals("RAISED")) {
                            continue;
                        }
                        raisedByLevel.merge(alarm.get("scope").get("level").asText(), 1L, Long::sum);
                        Instant start = Instant.parse(alarm.get("startTime").asText());
                        Instant raised = Instant.parse(alarm.get("time").asText());
                        firstLoss = start.isBefore(firstLoss) ? start : firstLoss;
                        lastRaised = raised.isAfter(lastRaised) ? raised : lastRaised;
                    }
                }
            }
        }
        return new Result(fleet.meters(), fleet.stormMeters(), summary.linesRead(), summary.wallSeconds(),
                emissions, raisedByLevel, firstLoss.isAfter(lastRaised) ? Duration.ZERO
                        : Duration.between(firstLoss, lastRaised), peakHeap);
    }
}
