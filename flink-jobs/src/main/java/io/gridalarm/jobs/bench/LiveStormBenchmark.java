package io.gridalarm.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.connectors.kafka.AlarmDelivery;
import io.gridalarm.jobs.LiveConnections;
import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.StateBackendKind;
import io.gridalarm.jobs.generate.FleetGenerator;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.local.TopicFeeder;
import io.gridalarm.rules.OutageRollUp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A storm live: a generated network's storm alerts (the hour around the trips) sent to a real broker in event-time
 * order, time compressed ({@code speedUp} event seconds per wall second), to the live job with the registry and
 * network on their topics. For each group outage raised (HV feeder, primary, ...) it measures the wall time from the
 * moment the job could first know it (the first alert sent whose time is past the alarm's release instant by the
 * out-of-order bound: the alerts' clock passes the release then) to reading the alarm committed
 * ({@code read_committed}). What remains is the pipeline's own delay: watermark emission, the rules, the commit at
 * the next checkpoint.
 */
public final class LiveStormBenchmark {

    private static final String GROUP = "storm-bench";

    /** What to measure. */
    public record Settings(int meters, double stormShare, long seed, int parallelism, int speedUp,
                           Duration checkpointInterval, Duration outOfOrder, Path workDir,
                           StateBackendKind stateBackend, AlarmDelivery delivery) {
        public Settings {
            if (meters < 1000 || speedUp < 1) {
                throw new IllegalArgumentException("A live storm needs at least 1,000 meters and a speed-up of 1 or "
                        + "more, not " + meters + " and " + speedUp + ".");
            }
            if (stateBackend == null || delivery == null) {
                throw new IllegalArgumentException("The live storm benchmark needs a state backend and a delivery.");
            }
        }
    }

    /** The figures of one live storm. */
    public record Result(int meters, int metersOff, int linesSent, double sendSeconds, int groupAlarms,
                         int answered, double p50Millis, double p99Millis, double maxMillis, Settings settings) {

        public String describe() {
            return String.format(Locale.ROOT, "Live storm: %,d meters, %,d off supply; %,d alert lines of the storm's "
                            + "hour sent in %.0f s (%dx event time), checkpoints every %d ms, out-of-order bound "
                            + "%d ms, state backend %s, delivery %s%n"
                            + "  group outages raised (HV feeder, primary, substation, feeder): %d, read committed: "
                            + "%d%n  from the alerts' clock passing the release to the alarm committed: p50 %.0f ms, "
                            + "p99 %.0f ms, max %.0f ms (goal: within 5 s)%n",
                    meters, metersOff, linesSent, sendSeconds, settings.speedUp(),
                    settings.checkpointInterval().toMillis(), settings.outOfOrder().toMillis(),
                    settings.stateBackend().flinkName(), settings.delivery().optionName(), groupAlarms, answered,
                    p50Millis, p99Millis, maxMillis);
        }
    }

    private LiveStormBenchmark() {
    }

    public static Result run(Settings settings, PrintWriter log) throws Exception {
        Path work = settings.workDir();
        log.printf(Locale.ROOT, "Generating %,d meters with a storm ...%n", settings.meters());
        log.flush();
        FleetGenerator.Written fleet = new FleetGenerator(new FleetGenerator.Settings(settings.meters(), 1,
                settings.seed(), Instant.parse("2026-11-01T00:00:00Z"), 0.0, settings.stormShare()).onlyAlerts())
                .writeTo(work.resolve("live-storm-fleet"));
        // The storm hits at noon and trips within twenty minutes: its hour, with a few minutes before.
        long from = Instant.parse("2026-11-01T11:55:00Z").toEpochMilli();
        long to = Instant.parse("2026-11-01T12:55:00Z").toEpochMilli();
        StagedOutputFiles.deleteRecursively(work.resolve("live-storm-kafka"));
        try (LocalKafka kafka = LocalKafka.start(0, work.resolve("live-storm-kafka"), LocalKafka.Security.NONE)) {
            LiveSettings live = LiveSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .kafkaSettings(kafka.client().settings()).registry(fleet.registry()).network(fleet.network())
                    .parallelism(settings.parallelism()).stateBackend(settings.stateBackend())
                    .checkpointInterval(settings.checkpointInterval())
                    .outOfOrderBound(settings.outOfOrder()).delivery(settings.delivery()).groupId(GROUP)
                    .transactionalIdPrefix(GROUP).build();
            LiveJob.prepareTopics(live, settings.parallelism());
            List<TopicFeeder.Line> lines = TopicFeeder.merged(fleet.events(), live.eventsTopic(), null, null)
                    .stream().filter(line -> line.timeMillis() >= from && line.timeMillis() < to).toList();
            StreamExecutionEnvironment env = LiveJob.environment(live);
            LiveJob.buildPipeline(env, live, LiveConnections.of(live));
            JobClient job = env.executeAsync("gridalarm live storm benchmark");
            List<long[]> raised = new ArrayList<>();
            CommittedAlarms listener = CommittedAlarms.listen(kafka.client(), live.outputTopics(),
                    "storm-bench-reader", "earliest", (alarm, readAt) -> raisedOutage(alarm, readAt, raised));
            try {
                // Let the job read the registry and the network as at its start before the storm comes.
                Thread.sleep(10_000);
                log.printf(Locale.ROOT, "Sending %,d storm alerts at %dx event time ...%n", lines.size(),
                        settings.speedUp());
                log.flush();
                long[] sentWall = new long[lines.size()];
                long start = System.nanoTime();
                try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
                    for (int i = 0; i < lines.size(); i++) {
                        long due = start + (lines.get(i).timeMillis() - from) * 1_000_000L / settings.speedUp();
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            // What is due is on its way before the pause: a line waits for no later one.
                            feeder.flush();
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        feeder.sendAsync(lines.get(i));
                        sentWall[i] = System.nanoTime();
                    }
                    feeder.flush();
                }
                double sendSeconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(15_000);
                listener.close();
                long[] eventTimes = lines.stream().mapToLong(TopicFeeder.Line::timeMillis).toArray();
                List<Double> latencies = new ArrayList<>();
                synchronized (raised) {
                    for (long[] alarm : raised) {
                        int first = firstAtOrAfter(eventTimes, alarm[0] + settings.outOfOrder().toMillis());
                        if (first < eventTimes.length) {
                            latencies.add((alarm[1] - sentWall[first]) / 1e6);
                        }
                    }
                }
                double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                return new Result(fleet.meters(), fleet.stormMeters(), lines.size(), sendSeconds, raised.size(),
                        sorted.length, percentile(sorted, 0.5), percentile(sorted, 0.99),
                        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], settings);
            } finally {
                listener.close();
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Each group outage RAISED read committed: its release instant (event time) and when it was read. */
    private static void raisedOutage(JsonNode alarm, long readAt, List<long[]> raised) {
        if (alarm.path("kind").asText().equals(OutageRollUp.KIND) && alarm.path("status").asText().equals("RAISED")
                && !alarm.path("scope").path("level").asText().equals("METER")) {
            synchronized (raised) {
                raised.add(new long[] {Instant.parse(alarm.get("time").asText()).toEpochMilli(), readAt});
            }
        }
    }

    private static int firstAtOrAfter(long[] sortedTimes, long time) {
        int at = Arrays.binarySearch(sortedTimes, time);
        if (at < 0) {
            return -at - 1;
        }
        while (at > 0 && sortedTimes[at - 1] == time) {
            at--;
        }
        return at;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
