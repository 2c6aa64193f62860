package io.gridalarm.jobs;

import io.gridalarm.jobs.functions.RuleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a replay needs, checked when built so a bad setting fails before a job starts.
 *
 * @param registry the registry CSV
 * @param network the network CSV (the tree above the registry's substations), or null for none
 * @param eventFiles meter event JSONL files (may be empty)
 * @param readFiles interval read JSONL files (may be empty)
 * @param requestFiles service request JSONL files (may be empty)
 * @param responseFiles service response JSONL files (may be empty)
 * @param ruleSet the rule-set version folder
 * @param outDir where the per-party files, dead letters, audit and summary go
 * @param parallelism Flink parallelism
 * @param engine how the rules are evaluated
 * @param duplicateHorizon how long after an event a re-delivery of it is still recognised
 * @param readsLateness how long outages are remembered for reads judged late (as the live job it is compared
 *     with remembers them)
 * @param asReceived null to evaluate every record in event-time order; else the clocks of the live job this
 *     replay reproduces from when each record arrived (its {@code receivedAt})
 */
public record ReplaySettings(Path registry, Path network, List<Path> eventFiles, List<Path> readFiles,
                             List<Path> requestFiles, List<Path> responseFiles, Path ruleSet, Path outDir,
                             int parallelism, RuleEngine engine, Duration duplicateHorizon, Duration readsLateness,
                             LiveClocks asReceived) {

    public ReplaySettings {
        eventFiles = List.copyOf(eventFiles);
        readFiles = List.copyOf(readFiles);
        requestFiles = List.copyOf(requestFiles);
        responseFiles = List.copyOf(responseFiles);
    }

    /** The same replay, remembering outages for reads as long as a live job with this lateness does. */
    public ReplaySettings withReadsLateness(Duration value) {
        return new ReplaySettings(registry, network, eventFiles, readFiles, requestFiles, responseFiles, ruleSet,
                outDir, parallelism, engine, duplicateHorizon, SettingsChecks.readsLateness(value), asReceived);
    }

    /**
     * The same replay, reproducing what a live job with these clocks did: each record is evaluated where that job
     * evaluated it, given when it arrived.
     */
    public ReplaySettings asReceivedBy(LiveClocks clocks) {
        return new ReplaySettings(registry, network, eventFiles, readFiles, requestFiles, responseFiles, ruleSet,
                outDir, parallelism, engine, duplicateHorizon, readsLateness, clocks);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ReplaySettings}, with the defaults of {@link GridAlarmOptions}. */
    public static final class Builder {
        private Path registry;
        private Path network;
        private final List<Path> eventFiles = new ArrayList<>();
        private final List<Path> readFiles = new ArrayList<>();
        private final List<Path> requestFiles = new ArrayList<>();
        private final List<Path> responseFiles = new ArrayList<>();
        private Path ruleSet = GridAlarmOptions.defaultRuleSet();
        private Path outDir;
        private int parallelism = GridAlarmOptions.DEFAULT_PARALLELISM;
        private RuleEngine engine = RuleEngine.DROOLS;
        private Duration duplicateHorizon = GridAlarmOptions.DEFAULT_DUPLICATE_HORIZON;

        public Builder registry(Path file) {
            this.registry = SettingsChecks.readableFile(file, "registry");
            return this;
        }

        /** The network file, or null for none (the tree is then the registry's feeders and substations). */
        public Builder network(Path file) {
            this.network = file == null ? null : SettingsChecks.readableFile(file, "network");
            return this;
        }

        public Builder eventFile(Path file) {
            eventFiles.add(SettingsChecks.readableFile(file, "events"));
            return this;
        }

        public Builder readFile(Path file) {
            readFiles.add(SettingsChecks.readableFile(file, "reads"));
            return this;
        }

        public Builder requestFile(Path file) {
            requestFiles.add(SettingsChecks.readableFile(file, "service requests"));
            return this;
        }

        public Builder responseFile(Path file) {
            responseFiles.add(SettingsChecks.readableFile(file, "service responses"));
            return this;
        }

        public Builder ruleSet(Path dir) {
            this.ruleSet = SettingsChecks.ruleSetFolder(dir);
            return this;
        }

        public Builder outDir(Path dir) {
            if (dir == null) {
                throw new IllegalArgumentException("A replay needs an output folder.");
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("The output " + dir + " exists and is not a folder.");
            }
            this.outDir = dir;
            return this;
        }

        public Builder parallelism(int value) {
            this.parallelism = SettingsChecks.parallelism(value);
            return this;
        }

        public Builder engine(RuleEngine value) {
            this.engine = value;
            return this;
        }

        public Builder duplicateHorizon(Duration value) {
            this.duplicateHorizon = SettingsChecks.duplicateHorizon(value);
            return this;
        }

        public ReplaySettings build() {
            if (registry == null) {
                throw new IllegalArgumentException("A replay needs a registry file (--registry).");
            }
            if (outDir == null) {
                throw new IllegalArgumentException("A replay needs an output folder (--out).");
            }
            if (eventFiles.isEmpty() && readFiles.isEmpty() && requestFiles.isEmpty() && responseFiles.isEmpty()) {
                throw new IllegalArgumentException(
                        "A replay needs at least one --events, --reads, --requests or --responses file.");
            }
            SettingsChecks.ruleSetPresent(ruleSet);
            return new ReplaySettings(registry, network, eventFiles, readFiles, requestFiles, responseFiles,
                    ruleSet, outDir, parallelism, engine, duplicateHorizon, GridAlarmOptions.DEFAULT_READS_LATENESS,
                    null);
        }
    }
}
