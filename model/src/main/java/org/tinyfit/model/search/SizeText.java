package org.tinyfit.model.search;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as people type them: {@code 2048}, {@code 2048B}, {@code 16KB}, {@code 16 KiB},
 * {@code 1.5MB}. A kilobyte is 1,024 bytes, as in microcontroller data sheets (and in the device
 * catalog's {@code flashKb}/{@code sramKb}).
 */
public final class SizeText {
    private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kKmMgG]?)(?:[iI]?[bB])?\\s*");
    /** Largest size accepted (1 TiB): anything above is a typo, not a microcontroller. */
    public static final long MAX = 1L << 40;

    private SizeText() { }

    /**
     * The number of bytes {@code text} names.
     *
     * @throws IllegalArgumentException naming what is wrong, for text that is not a size, a size of
     *                                  0 bytes or one above 1 TiB
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a size is missing (write e.g. 16KB, 1.5MB or 2048)");
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("'" + text.strip() + "' is not a size (write e.g. 16KB, 1.5MB or 2048)");
        double v = Double.parseDouble(m.group(1));
        double mult = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1024.0;
            case "M" -> 1024.0 * 1024;
            case "G" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
        double bytes = Math.floor(v * mult);
        if (bytes < 1) throw new IllegalArgumentException("'" + text.strip() + "' is less than one byte");
        if (bytes > MAX) throw new IllegalArgumentException("'" + text.strip() + "' is more than 1 TB");
        return (long) bytes;
    }

    /** A size as {@link #parse} reads it back: whole KB or MB where exact, else bytes ({@code 16KB}, {@code 1536B}, {@code 2MB}). */
    public static String format(long bytes) {
        if (bytes > 0 && bytes % (1024L * 1024) == 0) return bytes / (1024L * 1024) + "MB";
        if (bytes > 0 && bytes % 1024 == 0) return bytes / 1024 + "KB";
        return bytes + "B";
    }
}
