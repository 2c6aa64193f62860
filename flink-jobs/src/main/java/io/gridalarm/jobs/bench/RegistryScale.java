package io.gridalarm.jobs.bench;

import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.connectors.kafka.CompactedTopic;
import io.gridalarm.connectors.kafka.RegistryTopics;
import io.gridalarm.jobs.LiveConnections;
import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.StateBackendKind;
import io.gridalarm.jobs.functions.LocalProgress;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The registry at fleet scale: for each size, a generated registry is loaded into its changelog topic and taken in
 * by the live job on RocksDB, and the figures that matter for a TaskManager are reported: the load time, the job's
 * heap with the whole registry in its state, and that state's size on disk; beside them, the heap the same registry
 * took when every TaskManager loaded the file.
 */
public final class RegistryScale {

    private static final String GROUP = "registry-scale";
    private static final Instant REGISTERED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant CHANGE_OF_SUPPLIER = Instant.parse("2026-11-01T12:00:00Z");
    private static final String[] SUPPLIERS = {"ALFA", "BRVO", "CHRL", "DLTA", "ECHO", "FXTR"};

    private RegistryScale() {
    }

    /** Registry sizes (meters) and where to work. */
    public record Settings(List<Integer> sizes, int parallelism, Path workDir) {
        public Settings {
            if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("Registry sizes must be one or more positive numbers of meters.");
            }
            if (parallelism < 1) {
                throw new IllegalArgumentException("Parallelism must be at least 1, not " + parallelism + ".");
            }
            sizes = List.copyOf(sizes);
        }
    }

    /** The figures for one registry size. */
    public record Measured(int meters, long rows, double loadSeconds, double joinSeconds, long fileHeapBytes,
                           long jobHeapBytes, long stateBytes) {
    }

    /** Every size's figures. */
    public record Result(List<Measured> sizes) {
        public String describe() {
            StringBuilder s = new StringBuilder("Registry at fleet scale (the live job on RocksDB, 2-core machine):\n");
            for (Measured m : sizes) {
                s.append(String.format(Locale.ROOT, "  %,d meters (%,d rows):%n", m.meters(), m.rows()));
                s.append(String.format(Locale.ROOT, "    registry load into its topic   = %.1f s%n", m.loadSeconds()));
                s.append(String.format(Locale.ROOT, "    taken into the job's state     = %.1f s (%,.0f meters/s)%n",
                        m.joinSeconds(), m.meters() / m.joinSeconds()));
                s.append(String.format(Locale.ROOT, "    heap used by the whole job     = %,d MB (after a full GC, broker "
                        + "clients and MiniCluster included)%n", m.jobHeapBytes() >> 20));
                s.append(String.format(Locale.ROOT, "    state on disk (checkpoint)     = %,d MB%n", m.stateBytes() >> 20));
                s.append(String.format(Locale.ROOT, "    the file in one JVM, as before = %,d MB of heap for the registry alone, "
                        + "in every TaskManager%n", m.fileHeapBytes() >> 20));
            }
            return s.toString();
        }
    }

    public static Result run(Settings settings, PrintWriter log) throws Exception {
        List<Measured> measured = new ArrayList<>();
        for (int meters : settings.sizes()) {
            Path work = settings.workDir().resolve("registry-" + meters);
            StagedOutputFiles.deleteRecursively(work);
            Files.createDirectories(work);
            Path file = work.resolve("registry.csv");
            log.printf(Locale.ROOT, "Writing a registry of %,d meters ...%n", meters);
            log.flush();
            long rows = write(file, meters);
            long fileHeap = heapOfFile(file);
            try (LocalKafka kafka = LocalKafka.start(0, work.resolve("kafka"))) {
                log.printf(Locale.ROOT, "Loading it into the registry topic ...%n");
                log.flush();
                long started = System.nanoTime();
                CompactedTopic.Changes loaded = RegistryTopics.load(kafka.client(), file, null, "registry", null,
                        settings.parallelism()).registry();
                double loadSeconds = (System.nanoTime() - started) / 1e9;
                if (loaded.added() != meters) {
                    throw new IllegalStateException("The load added " + loaded.added() + " meters, not " + meters + ".");
                }
                measured.add(takeIn(kafka, meters, rows, loadSeconds, fileHeap, settings.parallelism(), work, log));
            }
            StagedOutputFiles.deleteRecursively(work);
        }
        return new Result(measured);
    }

    /** Runs the live job until its registry join has taken in every meter, then measures heap and state. */
    private static Measured takeIn(LocalKafka kafka, int meters, long rows, double loadSeconds, long fileHeap,
                                   int parallelism, Path work, PrintWriter log) throws Exception {
        Path checkpoints = work.resolve("checkpoints");
        LiveSettings live = LiveSettings.builder().bootstrapServers(kafka.bootstrapServers())
                .kafkaSettings(kafka.client().settings()).parallelism(parallelism)
                .stateBackend(StateBackendKind.ROCKSDB).checkpoints(checkpoints.toString())
                .checkpointInterval(Duration.ofSeconds(2)).groupId(GROUP).transactionalIdPrefix(GROUP).build();
        LiveJob.prepareTopics(live, parallelism);
        StreamExecutionEnvironment env = LiveJob.environment(live);
        LiveJob.buildPipeline(env, live, LiveConnections.of(live));
        LocalProgress.reset();
        log.printf(Locale.ROOT, "The live job takes the registry into its state ...%n");
        log.flush();
        long started = System.nanoTime();
        JobClient job = env.executeAsync("gridalarm registry at scale");
        try {
            while (LocalProgress.historiesJoined() < meters) {
                if (job.getJobStatus().get().isTerminalState()) {
                    throw new IllegalStateException("The live job ended while taking in the registry.");
                }
                Thread.sleep(50);
            }
            double joinSeconds = (System.nanoTime() - started) / 1e9;
            // Two more checkpoints, so the state on disk holds every meter.
            Thread.sleep(5_000);
            long heap = heapUsedAfterGc();
            return new Measured(meters, rows, loadSeconds, joinSeconds, fileHeap, heap, latestCheckpointBytes(checkpoints));
        } finally {
            job.cancel().get();
        }
    }

    /** A registry of substations of 8 feeders of 25 meters, a quarter gas, 4% with a change of supplier. */
    static long write(Path file, int meters) throws IOException {
        long rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", RegistryCsv.COLUMNS));
            out.write('\n');
            for (int i = 0; i < meters; i++) {
                boolean gas = i % 4 == 3;
                String meterId = (gas ? "73" : "12") + String.format(Locale.ROOT, "%012d", i);
                int feeder = i / 25;
                String supplier = SUPPLIERS[i % SUPPLIERS.length];
                String location = gas ? ",," : "F-" + feeder + ",S-" + feeder / 8 + ",";
                String operator = gas ? "G" + (i % 4) : "1" + (feeder % 9);
                out.write(meterId + "," + (gas ? "GAS" : "ELECTRICITY") + "," + location + operator + "," + supplier
                        + "," + REGISTERED + "\n");
                rows++;
                if (i % 25 == 7) {
                    out.write(meterId + "," + (gas ? "GAS" : "ELECTRICITY") + "," + location + operator + ","
                            + SUPPLIERS[(i + 1) % SUPPLIERS.length] + "," + CHANGE_OF_SUPPLIER + "\n");
                    rows++;
                }
            }
        }
        return rows;
    }

    /** The heap the registry took when each TaskManager loaded the file (what this design no longer does). */
    private static long heapOfFile(Path file) throws Exception {
        long before = heapUsedAfterGc();
        Registry registry = RegistryCsv.read(file);
        long after = heapUsedAfterGc();
        if (registry.meterCount() == 0) {
            throw new IllegalStateException("The generated registry is empty.");
        }
        return after - before;
    }

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The size of the newest checkpoint: its own files and the shared RocksDB files of incremental checkpoints. */
    private static long latestCheckpointBytes(Path checkpoints) throws IOException {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("taskowned"))
                    .mapToLong(RegistryScale::size).sum();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
