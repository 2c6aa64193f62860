package io.gridalarm.jobs.cli;

import io.gridalarm.model.InputException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code gridalarm} command line: replay, demo, generate and bench. */
@Command(name = "gridalarm", mixinStandardHelpOptions = true, version = "gridalarm 0.1.0",
        description = "Rule-engine driven alarms for GB smart metering.",
        subcommands = {ReplayCommand.class, RunCommand.class, KafkaCommand.class, PartiesCommand.class, RulesCommand.class,
                DemoCommand.class, GenerateCommand.class, BenchCommand.class, ExportCommand.class,
                RegistryCommand.class,
                CommandLine.HelpCommand.class})
public final class GridAlarmCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 done, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        try {
            return new CommandLine(new GridAlarmCli())
                    .setOut(out)
                    .setErr(err)
                    .setExecutionExceptionHandler(GridAlarmCli::reportFailure)
                    .execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: replay, run, kafka, parties, "
                + "registry, rules, demo, generate, bench or export.");
    }

    /** Failures are reported as a sentence, not a stack trace (set GRIDALARM_DEBUG=1 for the trace). */
    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        Throwable cause = e;
        while (!(cause instanceof InputException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (!(cause instanceof InputException)) {
            cause = rootCause(e);
        }
        commandLine.getErr().println("gridalarm " + commandLine.getCommandName() + ": " + cause.getMessage());
        if (System.getenv("GRIDALARM_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        }
        return 1;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? e : cause;
    }
}
