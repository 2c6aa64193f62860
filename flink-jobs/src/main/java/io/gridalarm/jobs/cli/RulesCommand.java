package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.jobs.GridAlarmOptions;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.analyst.RuleSetDiff;
import io.gridalarm.jobs.analyst.RuleSetVersions;
import io.gridalarm.jobs.analyst.Scenarios;
import io.gridalarm.jobs.local.TopicFeeder;
import io.gridalarm.model.Json;
import io.gridalarm.rules.DroolsMeterRules;
import io.gridalarm.rules.ReleaseChecksums;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetException;
import io.gridalarm.rules.RuleSetPackage;
import io.gridalarm.rules.RuleSetSigning;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code gridalarm rules}: the analyst's loop over rule-set versions. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check rule-set versions and make new ones.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Test.class, RulesCommand.Diff.class,
                RulesCommand.NewVersion.class, RulesCommand.Publish.class,
                RulesCommand.Release.class, RulesCommand.Keygen.class})
public final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A version read and compiled, with the number of rules it holds. */
    record Compiled(RuleSet ruleSet, int rules) {
    }

    /** Reads and compiles a version (every command checks it first); a refused version throws its problems. */
    static Compiled compile(Path dir) throws RuleSetException {
        RuleSet ruleSet = RuleSet.read(dir);
        try (DroolsMeterRules compiled = DroolsMeterRules.compile(ruleSet,
                Thread.currentThread().getContextClassLoader())) {
            return new Compiled(ruleSet, compiled.ruleCount());
        }
    }

    /** Prints a refused version's problems, one per line, and gives the exit code of a refusal. */
    static int refused(CommandLine.Model.CommandSpec spec, RuleSetException e) {
        e.problems().forEach(spec.commandLine().getErr()::println);
        return 1;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a rules command: check, test, diff, new-version, release or publish.");
    }

    /** {@code rules check DIR}: every problem as file:line: message, exit 1 on any. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Reads and compiles a rule-set version; prints every problem as file:line: message.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The version folder, e.g. rules/gb-default/1.0.0.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Compiled compiled = compile(dir);
                RuleSet ruleSet = compiled.ruleSet();
                out.printf("%s: OK, %d rules in %d files, %d thresholds%s.%n", ruleSet.id(), compiled.rules(),
                        ruleSet.drlFiles().size() + ruleSet.decisionTableDrl().size(), ruleSet.thresholds().values().size(),
                        ReleaseChecksums.released(ruleSet.directory()) ? ", released (checksums match)" : "");
                return 0;
            } catch (RuleSetException e) {
                int code = refused(spec, e);
                spec.commandLine().getErr().printf("%d problem%s.%n", e.problems().size(),
                        e.problems().size() == 1 ? "" : "s");
                return code;
            }
        }
    }

    /** {@code rules test DIR}: the version's scenarios, with a readable diff for each that fails. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Runs the scenarios stored with a rule-set version (scenarios/<name>/: registry.csv, "
                    + "events.jsonl, reads.jsonl, expected.jsonl) and shows a diff for each that fails.")
    static final class Test implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The version folder.")
        Path dir;

        @CommandLine.Option(names = "--record", description = "Write expected.jsonl for scenarios that have none, "
                + "from what the version gives now (review it before committing).")
        boolean record;

        @Override
        public Integer call() throws Exception {
            RuleSet ruleSet;
            try {
                ruleSet = compile(dir).ruleSet();
            } catch (RuleSetException e) {
                return refused(spec, e);
            }
            List<Path> scenarios = Scenarios.of(ruleSet.directory());
            if (scenarios.isEmpty()) {
                spec.commandLine().getErr().printf("%s has no scenarios (%s/<name>/).%n", ruleSet.id(),
                        Scenarios.FOLDER);
                return 1;
            }
            Path work = Files.createTempDirectory("gridalarm-scenarios");
            int failed = 0;
            PrintWriter out = spec.commandLine().getOut();
            Set<String> rulesSeen = new TreeSet<>();
            for (Path scenario : scenarios) {
                var result = Scenarios.run(ruleSet.directory(), scenario, work, record);
                out.print(result.describe());
                out.flush();
                rulesSeen.addAll(result.rulesFired());
                if (!result.passed()) {
                    failed++;
                }
            }
            StagedOutputFiles.deleteRecursively(work);
            List<String> uncovered = Scenarios.rulesNeverFired(ruleSet,
                    rulesSeen);
            out.printf("%s: %d of %d scenarios passed.%n", ruleSet.id(), scenarios.size() - failed, scenarios.size());
            if (!uncovered.isEmpty()) {
                out.printf("Rules that no scenario makes fire (every rule needs one): %s%n", uncovered);
            }
            return failed == 0 && uncovered.isEmpty() ? 0 : 1;
        }
    }

    /** {@code rules diff OLD NEW}: the alarms a new version would have changed over the same history. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Replays the same history through two versions and reports alarms added, removed and "
                    + "changed, by party and kind: a table on stdout, diff.json and diff.html in --out.")
    static final class Diff implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "OLD", description = "The version folder in use.")
        Path oldVersion;

        @Parameters(index = "1", paramLabel = "NEW", description = "The version folder to compare.")
        Path newVersion;

        @CommandLine.Option(names = "--registry", required = true, paramLabel = "R.csv", description = "Registry CSV.")
        Path registry;

        @CommandLine.Option(names = "--events", paramLabel = "E.jsonl", description = "Event history (repeatable).")
        List<Path> events = new ArrayList<>();

        @CommandLine.Option(names = "--reads", paramLabel = "H.jsonl", description = "Read history (repeatable).")
        List<Path> reads = new ArrayList<>();

        @CommandLine.Option(names = "--out", paramLabel = "DIR", description = "Where diff.json, diff.html and both "
                + "replays go (default: target/rules-diff under the project).")
        Path out;

        @CommandLine.Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
                description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Override
        public Integer call() throws Exception {
            Path dir = out != null ? out : GridAlarmOptions.home().resolve("target")
                    .resolve("rules-diff");
            ReplaySettings.Builder history;
            try {
                compile(oldVersion);
                compile(newVersion);
                history = ReplaySettings.builder().registry(registry).parallelism(parallelism);
                events.forEach(history::eventFile);
                reads.forEach(history::readFile);
                if (events.isEmpty() && reads.isEmpty()) {
                    throw new IllegalArgumentException("A diff needs history: at least one --events or --reads file.");
                }
            } catch (RuleSetException e) {
                return refused(spec, e);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            var result = RuleSetDiff.compare(history, oldVersion, newVersion, dir);
            RuleSetDiff.write(result, dir);
            spec.commandLine().getOut().print(result.table());
            spec.commandLine().getOut().printf("Details: %s and %s%n", dir.resolve("diff.json"),
                    dir.resolve("diff.html"));
            return 0;
        }
    }

    /** {@code rules publish DIR}: hands a checked version to running jobs through the control topic. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Checks a version and publishes it to the rule-sets control topic; running jobs compile "
                    + "it and apply it from --from (event time) on, keeping their state.")
    static final class Publish implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The version folder.")
        Path dir;

        @CommandLine.Mixin
        KafkaClientOptions kafka;

        @CommandLine.Option(names = "--topic", paramLabel = "TOPIC",
                defaultValue = LiveSettings.DEFAULT_RULE_SETS_TOPIC,
                description = "Control topic (default: ${DEFAULT-VALUE}).")
        String topic;

        @CommandLine.Option(names = "--from", paramLabel = "INSTANT",
                description = "Event time from which the version applies (default: now).")
        Instant from;

        @CommandLine.Option(names = "--key", required = true, paramLabel = "NAME.key",
                description = "The analysts' private key (rules keygen); jobs run only versions signed by a key "
                        + "they trust (run --trusted-keys).")
        Path key;

        @Override
        public Integer call() throws Exception {
            RuleSet ruleSet;
            try {
                ruleSet = compile(dir).ruleSet();
            } catch (RuleSetException e) {
                return refused(spec, e);
            }
            RuleSetPackage pack;
            try {
                pack = RuleSetSigning.sign(RuleSetPackage.of(ruleSet.directory(), from != null ? from : Instant.now()),
                        key);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (TopicFeeder feeder = new TopicFeeder(kafka.client())) {
                feeder.send(List.of(new TopicFeeder.Line(topic,
                        pack.name().getBytes(StandardCharsets.UTF_8), 0,
                        Json.line(pack).getBytes(StandardCharsets.UTF_8))));
            }
            spec.commandLine().getOut().printf("Published %s signed by key %s to %s, applying from %s; each job "
                    + "subtask reports ACTIVE or REFUSED on its rule-set status topic.%n", pack.id(), pack.keyId(),
                    topic, pack.effectiveFrom());
            return 0;
        }
    }

    /** {@code rules keygen --out DIR}: the analysts' signing key pair. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Makes a key pair for signing published rule-set versions: NAME.key (keep it to the "
                    + "analysts) and NAME.pub (give it to every job: run --trusted-keys).")
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
        Path out;

        @CommandLine.Option(names = "--name", defaultValue = "analysts", paramLabel = "NAME",
                description = "File name of the pair (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws Exception {
            String id;
            try {
                id = RuleSetSigning.generate(out, name);
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            spec.commandLine().getOut().printf("Key %s: %s (private, mode 600) and %s (public).%n", id,
                    out.resolve(name + RuleSetSigning.PRIVATE_SUFFIX),
                    out.resolve(name + RuleSetSigning.PUBLIC_SUFFIX));
            return 0;
        }
    }

    /** {@code rules new-version SRC NEWVERSION}: a copy to edit, next to the source. */
    @Command(name = "new-version", mixinStandardHelpOptions = true,
            description = "Copies a version folder to a new version next to it, for editing (without its release "
                    + "checksums).")
    static final class NewVersion implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SRC", description = "The version folder to start from.")
        Path source;

        @Parameters(index = "1", paramLabel = "NEWVERSION", description = "The new version, e.g. 1.1.0.")
        String version;

        @Override
        public Integer call() throws Exception {
            Path target;
            try {
                target = RuleSetVersions.newVersion(source, version);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            spec.commandLine().getOut().printf("Made %s from %s; edit it, then 'gridalarm rules check %s'.%n",
                    target, source, target);
            return 0;
        }
    }

    /** {@code rules release DIR}: records checksums so the version cannot change unnoticed. */
    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Checks a version and records its files' checksums (" + ReleaseChecksums.FILE + "); "
                    + "check refuses it if anything changes afterwards.")
    static final class Release implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The version folder.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try {
                RuleSet ruleSet = compile(dir).ruleSet();
                if (ReleaseChecksums.released(ruleSet.directory())) {
                    spec.commandLine().getOut().printf("%s is already released.%n", ruleSet.id());
                    return 0;
                }
                Path file = ReleaseChecksums.record(ruleSet.directory());
                spec.commandLine().getOut().printf("Released %s: checksums in %s.%n", ruleSet.id(), file);
                return 0;
            } catch (RuleSetException e) {
                return refused(spec, e);
            }
        }
    }
}
