package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.analyst.RuleSetVersions;
import io.gridalarm.rules.DroolsMeterRules;
import io.gridalarm.rules.ReleaseChecksums;
import io.gridalarm.rules.RuleSet;
import io.gridalarm.rules.RuleSetException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gridalarm rules}: the analyst's loop over rule-set versions. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check rule-set versions and make new ones.",
        subcommands = {RulesCommand.Check.class, RulesCommand.NewVersion.class, RulesCommand.Release.class})
public final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a rules command: check, new-version or "
                + "release.");
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
                RuleSet ruleSet = RuleSet.read(dir);
                int rules;
                try (DroolsMeterRules compiled = DroolsMeterRules.compile(ruleSet,
                        Thread.currentThread().getContextClassLoader())) {
                    rules = compiled.ruleCount();
                }
                out.printf("%s: OK, %d rules in %d files, %d thresholds%s.%n", ruleSet.id(), rules,
                        ruleSet.drlFiles().size(), ruleSet.thresholds().size(),
                        ReleaseChecksums.released(ruleSet.directory()) ? ", released (checksums match)" : "");
                return 0;
            } catch (RuleSetException e) {
                e.problems().forEach(spec.commandLine().getErr()::println);
                spec.commandLine().getErr().printf("%d problem%s.%n", e.problems().size(),
                        e.problems().size() == 1 ? "" : "s");
                return 1;
            }
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
                RuleSet ruleSet = RuleSet.read(dir);
                DroolsMeterRules.compile(ruleSet, Thread.currentThread().getContextClassLoader()).close();
                if (ReleaseChecksums.released(ruleSet.directory())) {
                    spec.commandLine().getOut().printf("%s is already released.%n", ruleSet.id());
                    return 0;
                }
                Path file = ReleaseChecksums.record(ruleSet.directory());
                spec.commandLine().getOut().printf("Released %s: checksums in %s.%n", ruleSet.id(), file);
                return 0;
            } catch (RuleSetException e) {
                e.problems().forEach(spec.commandLine().getErr()::println);
                return 1;
            }
        }
    }
}
