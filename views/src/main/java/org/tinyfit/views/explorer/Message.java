package org.tinyfit.views.explorer;

/** A message for the window's message bar. Identity equality: the same text twice is two messages. */
public final class Message {
    private final String text;
    private final boolean error;

    public Message(String text, boolean error) {
        this.text = text;
        this.error = error;
    }

    public String text() { return text; }

    public boolean error() { return error; }

    @Override public String toString() { return (error ? "error: " : "") + text; }
}
