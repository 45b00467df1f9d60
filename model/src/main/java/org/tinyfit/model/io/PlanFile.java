package org.tinyfit.model.io;

import java.io.IOException;
import java.nio.file.Path;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.PlanJson;
import org.tinyfit.model.plan.PlanText;

/**
 * A compression plan in a file ({@code .json}: the JSON form; {@code .plan}: the text form,
 * one entry per line or {@code ;}-separated): read with a limit on the bytes actually read,
 * as strict UTF-8; an empty file is refused (it is not the all-dense plan).
 */
public final class PlanFile {
    /** Largest plan file (bytes; a plan for every matrix of a large model is a few KB). */
    public static final long MAX_BYTES = 1L << 20;
    /** Longest plan text given on a command line (characters). */
    public static final int MAX_TEXT = 64 * 1024;

    private PlanFile() { }

    /**
     * The plan in {@code file}. Throws IOException (a {@link TinyfitFormatException} naming the
     * file) when it cannot be read, and IllegalArgumentException for a bad plan.
     */
    public static CompressionPlan read(Path file) throws IOException {
        String s = BoundedRead.utf8(file, MAX_BYTES, "a plan file");
        if (s.isBlank()) throw new TinyfitFormatException(file.toString(), "the plan file is empty (write \"*=dense\" for the all-dense plan)");
        String t = s.strip();
        return t.startsWith("{") ? PlanJson.read(t) : PlanText.parse(lines(t));
    }

    /**
     * The text form with line breaks as entry separators, as in plan files; a plan given on a
     * command line or in a window may hold them too, and they must not reach a message.
     */
    public static String lines(String text) {
        return text == null ? null : text.replace("\r\n", "\n").replace('\r', '\n').replace('\n', ';');
    }

    /** Refuses a plan text longer than {@link #MAX_TEXT} before it is parsed. */
    public static String checkLength(String text) {
        if (text != null && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the plan text is " + text.length() + " characters, more than the limit of " + MAX_TEXT);
        }
        return text;
    }
}
