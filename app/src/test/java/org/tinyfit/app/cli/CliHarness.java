package org.tinyfit.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process and points it at a sample-models home, for the CLI tests. */
final class CliHarness {
    private CliHarness() { }

    /** Exit code and the two streams of one run. */
    record Run(int code, String out, String err) { }

    static Run run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Cli.run(args, new PrintWriter(o), new PrintWriter(e));
        return new Run(code, o.toString(), e.toString());
    }

    /** The checkout's folder that holds sample-models/mnist-lstm, or null. */
    static Path repoHome() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("sample-models/mnist-lstm/mnist-lstm.tinyfit"))) return p;
        }
        return null;
    }

    /** Sets {@code tinyfit.home}; returns the previous value for {@link #restoreHome}. */
    static String setHome(Path home) {
        String old = System.getProperty("tinyfit.home");
        System.setProperty("tinyfit.home", home.toString());
        return old;
    }

    static void restoreHome(String old) {
        if (old == null) System.clearProperty("tinyfit.home");
        else System.setProperty("tinyfit.home", old);
    }
}
