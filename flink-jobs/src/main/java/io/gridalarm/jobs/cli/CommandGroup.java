package io.gridalarm.jobs.cli;

import picocli.CommandLine;

/** A command that only groups subcommands: named alone, it is a usage error that names them. */
abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        String name = spec.name();
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: " + String.join(", ",
                spec.subcommands().keySet().stream().map(sub -> name + " " + sub).toList()) + ".");
    }
}
