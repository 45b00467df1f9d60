package org.tinyfit.app.cli;

/** A problem with the user's input: reported as one line on stderr, exit code 2, no stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) { super(message); }
}
