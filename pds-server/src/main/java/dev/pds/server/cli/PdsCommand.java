package dev.pds.server.cli;

import dev.pds.server.PdsVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pds} command line: {@code pds serve}, {@code pds admin}, {@code pds version}, {@code pds --help}. */
@Command(
        name = "pds",
        mixinStandardHelpOptions = true,
        versionProvider = PdsCommand.Version.class,
        description = "An AT Protocol Personal Data Server.",
        subcommands = {ServeCommand.class, AdminCommand.class, VersionCommand.class, CarCommand.class,
                CommandLine.HelpCommand.class})
public final class PdsCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PdsCommand()).execute(args));
    }

    /** With no subcommand, show the usage (and fail, since nothing was done). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'pds serve'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pds " + PdsVersion.get()};
        }
    }
}
