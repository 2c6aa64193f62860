package io.gridalarm.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.connectors.kafka.AlarmDelivery;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.jobs.LiveConnections;
import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.StateBackendKind;
import io.gridalarm.jobs.functions.LocalProgress;
import io.gridalarm.jobs.generate.FleetGenerator;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.local.TopicFeeder;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.RegistryRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The live path under load, through a real broker: a generated fleet's backlog is drained by the live job
 * (sustained records/s, from the offsets the job commits at its checkpoints), then tamper alerts are sent at a
 * steady rate and each one's alarm is awaited on the supplier topic with {@code read_committed}: the time from
 * sending to seeing the committed alarm is the ingest-to-alarm latency. Tamper alarms are raised without any rule
 * delay, so the figure is the pipeline's own: the watermark's out-of-order bound, processing and the
 * transaction commit at the next checkpoint. Then the same probes run again while a whole day's batch of reads for
 * the fleet loads, as the nightly batch does in GB: alerts must not wait for it (two clocks), and the batch's own
 * records/s is measured from its first record sent to its last evaluated.
 */
public final class LiveBenchmark {

    private static final String GROUP = "bench";
    /** The share of the backlog read before the sustained rate is measured (class loading and JIT warm-up). */
    private static final double WARM_UP_SHARE = 0.4;
    /** The generated fleet's first day. */
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-01");

    private LiveBenchmark() {
    }

    /** What to measure. */
    public record Settings(int meters, int days, long seed, int parallelism, Duration checkpointInterval,
                           Duration outOfOrder, int probesPerSecond, Duration probeTime, Path workDir,
                           LocalKafka.Security security, StateBackendKind stateBackend, AlarmDelivery delivery) {
        public Settings {
            if (meters < 1 || days < 1 || parallelism < 1 || probesPerSecond < 1 || probeTime.isNegative()
                    || probeTime.isZero()) {
                throw new IllegalArgumentException("Meters, days, parallelism, the probe rate and the probe time "
                        + "must be positive.");
            }
            if (stateBackend == null || delivery == null) {
                throw new IllegalArgumentException("The live benchmark needs a state backend and a delivery.");
            }
        }
    }

    /** Probe latencies: how many were sent and answered, and the percentiles in milliseconds. */
    public record Latency(int probes, int answered, double p50Millis, double p99Millis, double maxMillis) {

        static Latency of(double[] latencies, int probes) {
            Arrays.sort(latencies);
            return new Latency(probes, latencies.length, percentile(latencies, 0.5), percentile(latencies, 0.99),
                    latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1]);
        }

        String describe() {
            return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, max %.0f ms over %,d of %,d probes",
                    p50Millis, p99Millis, maxMillis, answered, probes);
        }
    }

    /** The measured figures. */
    public record Result(long backlog, double drainSeconds, double sustainedPerSecond, double withStartPerSecond,
                         Latency idle, long batchReads, double batchSeconds, Latency duringBatch,
                         Settings settings) {
        public String describe() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "Live benchmark: broker -> job -> broker, parallelism %d, "
                            + "checkpoints every %d ms, out-of-order bound %d ms, broker security %s, "
                            + "state backend %s, delivery %s%n",
                    settings.parallelism(), settings.checkpointInterval().toMillis(), settings.outOfOrder().toMillis(),
                    settings.security(), settings.stateBackend().flinkName(), settings.delivery().optionName()));
            s.append(String.format(Locale.ROOT, "  backlog of %,d records read and evaluated in %.1f s "
                    + "(from the first record read to the last evaluation)%n", backlog, drainSeconds));
            s.append(String.format(Locale.ROOT, "  sustained throughput        = %,.0f records/s after warm-up (target >= 100,000;"
                    + " %,.0f/s over the whole backlog counting job start)%n", sustainedPerSecond, withStartPerSecond));
            s.append(String.format(Locale.ROOT, "  ingest-to-alarm latency     = %s  (target p99 < 1000 ms)%n",
                    idle.describe()));
            s.append(String.format(Locale.ROOT, "  ... while a day's batch loads = %s  (target p99 < 1000 ms)%n",
                    duringBatch.describe()));
            s.append(String.format(Locale.ROOT, "  a day's batch of %,d reads  = %,.0f records/s (%.1f s from its first "
                    + "record sent to its last evaluated)%n", batchReads, batchReads / batchSeconds, batchSeconds));
            return s.toString();
        }
    }

    public static Result run(Settings settings, PrintWriter log) throws Exception {
        Path work = settings.workDir();
        log.printf(Locale.ROOT, "Generating %,d meters x %d days ...%n", settings.meters(), settings.days());
        log.flush();
        FleetGenerator.Written fleet = new FleetGenerator(new FleetGenerator.Settings(settings.meters(),
                settings.days(), settings.seed(), FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant(), 0.0005))
                .writeTo(work.resolve("live-fleet"));
        StagedOutputFiles.deleteRecursively(work.resolve("live-kafka"));
        try (LocalKafka kafka = LocalKafka.start(0, work.resolve("live-kafka"), settings.security())) {
            LiveSettings live = LiveSettings.builder().bootstrapServers(kafka.bootstrapServers())
                    .kafkaSettings(kafka.client().settings())
                    .registry(fleet.registry()).parallelism(settings.parallelism())
                    .stateBackend(settings.stateBackend()).checkpointInterval(settings.checkpointInterval())
                    .outOfOrderBound(settings.outOfOrder()).delivery(settings.delivery())
                    .groupId(GROUP).transactionalIdPrefix(GROUP).build();
            OutputTopics out = live.outputTopics();
            LiveJob.prepareTopics(live, settings.parallelism());
            List<TopicFeeder.Line> lines = TopicFeeder.merged(fleet.events(), live.eventsTopic(), fleet.reads(),
                    live.readsTopic());
            long lastEventTime = lines.get(lines.size() - 1).timeMillis();
            log.printf(Locale.ROOT, "Loading a backlog of %,d records into Kafka ...%n", lines.size());
            log.flush();
            try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
                feeder.send(lines);
            }
            long backlog = lines.size();
            lines = null;
            StreamExecutionEnvironment env = LiveJob.environment(live);
            LiveJob.buildPipeline(env, live, LiveConnections.of(live));
            LocalProgress.reset();
            long started = System.nanoTime();
            JobClient job = env.executeAsync("gridalarm live benchmark");
            try {
                log.println("Draining the backlog ...");
                log.flush();
                // The job runs in this JVM, so its live counters show progress at once (committed offsets lag
                // behind by up to a checkpoint and an asynchronous commit).
                long firstAt = 0;
                long warmAt = 0;
                long warmEvaluated = 0;
                long nearlyAt = 0;
                long lastChange = 0;
                long evaluated = -1;
                long nearlyAll = (long) (backlog * 0.98);
                // Reads wait for their own watermark (a day behind, or the quiet period): allow for the pause.
                while (LocalProgress.linesRead() < backlog || System.nanoTime() - lastChange < 10_000_000_000L) {
                    if (job.getJobStatus().get().isTerminalState()) {
                        throw new IllegalStateException("The live job ended while draining the backlog.");
                    }
                    Thread.sleep(20);
                    long now = System.nanoTime();
                    long read = LocalProgress.linesRead();
                    long current = LocalProgress.recordsEvaluated();
                    if (firstAt == 0 && read > 0) {
                        firstAt = now;
                    }
                    if (warmAt == 0 && read >= backlog * WARM_UP_SHARE) {
                        warmAt = now;
                        warmEvaluated = current;
                    }
                    if (nearlyAt == 0 && current >= nearlyAll) {
                        nearlyAt = now;
                    }
                    if (current != evaluated) {
                        evaluated = current;
                        lastChange = now;
                    }
                }
                if (nearlyAt == 0 || nearlyAt <= warmAt) {
                    throw new IllegalStateException("Only " + evaluated + " of " + backlog
                            + " records were evaluated; the benchmark cannot measure a sustained rate.");
                }
                double sustained = (nearlyAll - warmEvaluated) / ((nearlyAt - warmAt) / 1e9);
                double withStart = backlog / ((lastChange - started) / 1e9);
                long drained = lastChange;
                log.println("Measuring latency ...");
                log.flush();
                int probes = (int) (settings.probesPerSecond() * settings.probeTime().toSeconds());
                Latency idle = Latency.of(probe(kafka.client(), live, fleet.registry(), "idle", lastEventTime,
                        settings, () -> { }), probes);

                List<TopicFeeder.Line> batch = nextDaysBatch(fleet.reads(), live.readsTopic(), settings.days());
                log.printf(Locale.ROOT, "Measuring latency while a day's batch of %,d reads loads ...%n",
                        batch.size());
                log.flush();
                // The batch's few spoiled lines go to dead letters, never to the rules.
                long target = LocalProgress.recordsEvaluated() + (long) (batch.size() * 0.99);
                long[] batchNanos = new long[2];
                // The probes' event times go on after the first round's, and their ids differ from them; as in GB,
                // the batch comes the night after its day (the alerts' clock there), so its reads never wait for the
                // alerts of their time.
                long afterIdleProbes = Math.max(lastEventTime + settings.probeTime().toMillis() + 120_000,
                        batchDay(settings.days()).plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC).toEpochMilli());
                Latency duringBatch = Latency.of(probe(kafka.client(), live, fleet.registry(), "batch",
                        afterIdleProbes, settings, () -> {
                            batchNanos[0] = System.nanoTime();
                            try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
                                feeder.send(batch);
                                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                                while (LocalProgress.recordsEvaluated() < target && System.nanoTime() < deadline) {
                                    Thread.sleep(20);
                                }
                                batchNanos[1] = System.nanoTime();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }), probes);
                double batchSeconds = (batchNanos[1] - batchNanos[0]) / 1e9;
                return new Result(backlog, (drained - firstAt) / 1e9, sustained, withStart, idle, batch.size(),
                        batchSeconds, duringBatch, settings);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The fleet's first day of reads moved on to the day after the backlog, as the next nightly batch, meter by
     * meter.
     */
    private static List<TopicFeeder.Line> nextDaysBatch(Path reads, String topic, int days) throws IOException {
        String from = "\"start\":\"" + FIRST_DAY + "T";
        String to = "\"start\":\"" + batchDay(days) + "T";
        List<TopicFeeder.Line> batch = new ArrayList<>();
        for (TopicFeeder.Line line : TopicFeeder.merged(null, null, reads, topic)) {
            String text = new String(line.bytes(), StandardCharsets.UTF_8);
            if (text.contains(from)) {
                batch.add(new TopicFeeder.Line(topic, line.key(), 0, text.replace(from, to)
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        batch.sort(TopicFeeder.Line.BY_METER);
        return batch;
    }

    /** The day of the batch of reads: the day after the backlog's. */
    private static LocalDate batchDay(int days) {
        return FIRST_DAY.plusDays(days);
    }

    /**
     * Sends tamper alerts at the set rate and returns the latency of each one whose alarm arrived; {@code meanwhile}
     * runs on its own thread from the first probe on.
     */
    private static double[] probe(KafkaClientConfig client, LiveSettings live, Path registry, String round,
                                  long lastEventTime, Settings settings, Runnable meanwhile) throws Exception {
        Registry known = RegistryCsv.read(registry);
        List<RegistryRow> meters = known.meterIds().stream().sorted().map(id -> known.rowsOf(id).get(0))
                .filter(r -> r.fuel() == Fuel.ELECTRICITY).toList();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Thread background = new Thread(meanwhile, "meanwhile");
        try (CommittedAlarms listener = CommittedAlarms.listen(client, live.outputTopics(), "bench-latency", "latest",
                (alarm, readAt) -> {
                    String eventId = eventIdOf(alarm);
                    Long sent = eventId == null ? null : sentAt.remove(eventId);
                    if (sent != null) {
                        latencies.add((readAt - sent) / 1e6);
                    }
                })) {
            Thread.sleep(2_000);
            int total = (int) (settings.probesPerSecond() * settings.probeTime().toSeconds());
            long periodNanos = 1_000_000_000L / settings.probesPerSecond();
            long start = System.nanoTime();
            Random random = new Random(settings.seed());
            background.start();
            try (TopicFeeder feeder = new TopicFeeder(client)) {
                for (int i = 0; i < total; i++) {
                    long due = start + i * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    RegistryRow meter = meters.get(random.nextInt(meters.size()));
                    Instant time = Instant.ofEpochMilli(lastEventTime + 60_000
                            + (System.nanoTime() - start) / 1_000_000);
                    String id = "probe-" + round + "-" + i;
                    sentAt.put(id, System.nanoTime());
                    // Keyed by meter, as the DCC adapter sends alerts: every partition of the topic carries some.
                    feeder.sendAsync(new TopicFeeder.Line(live.eventsTopic(),
                            meter.meterId().getBytes(StandardCharsets.UTF_8), time.toEpochMilli(),
                            ("{\"eventId\":\"" + id + "\",\"meterId\":\"" + meter.meterId()
                                    + "\",\"fuel\":\"ELECTRICITY\",\"code\":\"0x8F3F\",\"time\":\"" + time + "\"}")
                                    .getBytes(StandardCharsets.UTF_8)));
                    if (i % 10 == 0) {
                        feeder.flush();
                    }
                }
                feeder.flush();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        background.join();
        synchronized (latencies) {
            return latencies.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static String eventIdOf(JsonNode alarm) {
        JsonNode details = alarm.get("details");
        JsonNode id = details == null ? null : details.get("eventId");
        return id == null ? null : id.asText();
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

}
