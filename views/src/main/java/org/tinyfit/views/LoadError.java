package org.tinyfit.views;

import java.nio.file.Path;

/**
 * A failed load: the file and a message for the user (never a stack trace).
 * Identity equality on purpose: the same failure twice is two events, so
 * listeners of {@link MainViewModel#lastErrorProperty()} see both.
 */
public final class LoadError {
    private final Path path;
    private final String message;

    public LoadError(Path path, String message) {
        this.path = path;
        this.message = message;
    }

    public Path path() { return path; }

    public String message() { return message; }

    @Override public String toString() { return path + ": " + message; }
}
