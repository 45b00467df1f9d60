package org.tinyfit.app;

import org.tinyfit.app.cli.Cli;

/**
 * Entry point: with arguments runs the {@code tinyfit} command line; without,
 * opens the window. (A plain main class so the app starts from the class path.)
 */
public final class Launcher {
    private Launcher() { }

    public static void main(String[] args) {
        if (args.length == 0) {
            javafx.application.Application.launch(TinyFitApp.class, args);
            return;
        }
        System.exit(Cli.run(args));
    }
}
