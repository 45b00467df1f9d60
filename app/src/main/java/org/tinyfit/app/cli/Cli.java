package org.tinyfit.app.cli;

import java.io.PrintWriter;
import org.tinyfit.app.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tinyfit} command line. */
@Command(name = "tinyfit", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Fit neural networks onto microcontrollers. Without a command, opens the window.",
        subcommands = {InfoCommand.class, EvalCommand.class, DevicesCommand.class, ShapesCommand.class, TrainCommand.class,
                ImportCommand.class, ExportCommand.class, CalibrateCommand.class, FeaturesCommand.class, SearchCommand.class,
                WorkerCommand.class})
public final class Cli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** Exit code for bad input. */
    public static final int EXIT_USAGE = 2;

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Cli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
                err.println("tinyfit: " + ex.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("tinyfit: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run 'tinyfit " + (ex.getCommandLine() == cl ? "" : ex.getCommandLine().getCommandName() + " ") + "--help' for usage.");
            err.flush();
            return EXIT_USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"TinyFit " + Version.get()}; }
    }
}
