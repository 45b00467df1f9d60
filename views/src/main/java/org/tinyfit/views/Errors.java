package org.tinyfit.views;

import java.io.FileNotFoundException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns an exception into one line for the user: its message, never a stack trace. */
public final class Errors {
    private Errors() { }

    public static String describe(Throwable t) {
        Throwable e = t;
        while ((e instanceof ExecutionException || e instanceof CompletionException
                || e instanceof InvocationTargetException || e instanceof UndeclaredThrowableException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        String msg = e.getMessage();
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "file not found: " + (msg == null ? "" : msg);
        }
        if (e instanceof AccessDeniedException) return "access denied: " + (msg == null ? "" : msg);
        if (e instanceof OutOfMemoryError) return "not enough memory to load the model";
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        }
        return msg.strip();
    }

    /** The first line of a message (for one-line places such as the status bar). */
    public static String firstLine(String msg) {
        int nl = msg.indexOf('\n');
        return nl >= 0 ? msg.substring(0, nl).strip() : msg;
    }
}
