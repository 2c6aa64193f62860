package io.gridalarm.jobs.functions;

import io.gridalarm.model.Json;
import io.gridalarm.rules.MeterRules;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetException;
import io.gridalarm.rules.RuleSetPackage;
import io.gridalarm.rules.RuleSetSigning;
import io.gridalarm.rules.Thresholds;
import io.gridalarm.rules.VoltageRollUp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule-set versions one subtask evaluates with, by the event time each applies from: the base version from the
 * start of time, and each version published to the running job from its {@code effectiveFrom}. A published version
 * runs only when a trusted key signed it, and is compiled once, here; one that is not signed by a trusted key or
 * does not compile is refused and the versions before it stay in use.
 */
final class RuleSetVersions {

    /** One compiled rule-set version with what depends on it. */
    record Version(MeterRules rules, OutageRollUp rollUp, VoltageRollUp voltage, Thresholds thresholds) {
    }

    /** Compiles a rule set read from disk into a version. */
    interface Compiler {
        Version compile(RuleSet ruleSet) throws Exception;
    }

    /** The published versions kept in broadcast state (package JSON by the event time it applies from). */
    interface Published {
        Iterable<Map.Entry<Long, String>> entries() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RuleSetVersions.class);
    private static final Path UNPACKED = Path.of(System.getProperty("java.io.tmpdir"), "gridalarm-rule-sets");

    private final Compiler compiler;
    private final Map<String, String> trustedKeys;
    private final TreeMap<Long, Version> versions = new TreeMap<>();
    private boolean restored;

    /** @param trustedKeys public keys by key id, one of which must have signed a version published to the job */
    RuleSetVersions(Compiler compiler, RuleSet base, Map<String, String> trustedKeys) throws Exception {
        this.compiler = compiler;
        this.trustedKeys = Map.copyOf(trustedKeys);
        versions.put(Long.MIN_VALUE, compiler.compile(base));
    }

    /**
     * The rule-set version shipped inside the job as a package (the base version, read where the job was built),
     * unpacked where this JVM keeps versions, so no TaskManager needs the rule folder on a shared volume.
     */
    static RuleSet unpack(String packageJson) throws IOException, RuleSetException {
        return RuleSet.read(Json.mapper().readValue(packageJson, RuleSetPackage.class).materialize(UNPACKED));
    }

    /**
     * The version that applies at the event time: the newest one published from before it. After a restore the
     * published versions are in broadcast state ({@code published}) but not yet compiled here: the first call
     * compiles them.
     */
    Version at(long time, Published published) throws Exception {
        if (!restored) {
            restored = true;
            for (Map.Entry<Long, String> entry : published.entries()) {
                if (versions.containsKey(entry.getKey())) {
                    continue;
                }
                RuleSetPackage pack = Json.mapper().readValue(entry.getValue(), RuleSetPackage.class);
                // A job restarted with other trusted keys runs only what those keys signed.
                String untrusted = RuleSetSigning.refusal(pack, trustedKeys);
                if (untrusted != null) {
                    LOG.warn("Rule set {} from the checkpoint is not used: {}.", pack.id(), untrusted);
                } else {
                    versions.put(entry.getKey(), compiler.compile(RuleSet.read(pack.materialize(UNPACKED))));
                }
            }
        }
        return versions.floorEntry(time).getValue();
    }

    /**
     * The roll-up to release held outages with at the event time: that of the version applying then or, when that
     * version has no roll-up rules, of the newest one before it that has (else of any version that has). Outages
     * held under an earlier version are thus released even after a version without roll-up rules took over.
     */
    OutageRollUp rollUpAt(long time, Published published) throws Exception {
        return newestWith(time, published, Version::rollUp);
    }

    /** The voltage roll-up to release held voltage alarms with at the event time, found as {@link #rollUpAt} is. */
    VoltageRollUp voltageAt(long time, Published published) throws Exception {
        return newestWith(time, published, Version::voltage);
    }

    private <T> T newestWith(long time, Published published, Function<Version, T> part) throws Exception {
        at(time, published);
        for (Version version : versions.headMap(time, true).descendingMap().values()) {
            if (part.apply(version) != null) {
                return part.apply(version);
            }
        }
        for (Version version : versions.values()) {
            if (part.apply(version) != null) {
                return part.apply(version);
            }
        }
        return null;
    }

    /**
     * Compiles a version published to the running job and applies it from its {@code effectiveFrom}; what became
     * of it is the status returned (for this subtask). A version published again for the same instant replaces
     * the earlier one.
     */
    RuleSetStatus publish(String packageJson, int subtask) {
        String id = "unknown";
        Long from = null;
        try {
            RuleSetPackage pack = Json.mapper().readValue(packageJson, RuleSetPackage.class);
            id = pack.id();
            from = pack.effectiveFrom().toEpochMilli();
            // Checked before anything of it is written or compiled: rule code from an unknown hand never runs.
            String untrusted = RuleSetSigning.refusal(pack, trustedKeys);
            if (untrusted != null) {
                return RuleSetStatus.refused(id, from, subtask, List.of(untrusted));
            }
            Path folder = pack.materialize(UNPACKED);
            Version compiled;
            try {
                compiled = compiler.compile(RuleSet.read(folder));
            } catch (RuleSetException e) {
                String base = folder + File.separator;
                return RuleSetStatus.refused(id, from, subtask,
                        e.problems().stream().map(p -> p.replace(base, "")).toList());
            }
            Version replaced = versions.put(from, compiled);
            if (replaced != null) {
                // Safe: callers ask for the version at each use and keep none between calls.
                replaced.rules().close();
            }
            return RuleSetStatus.active(id, from, subtask);
        } catch (Exception e) {
            return RuleSetStatus.refused(id, from, subtask,
                    List.of(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** Hands each version's rule-firing counts over, then closes every version. */
    void close(BiConsumer<String, Long> firedRules) {
        for (Version version : versions.values()) {
            version.rules().firedRules().forEach(firedRules);
            version.rules().close();
        }
        versions.clear();
    }

}
