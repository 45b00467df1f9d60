package org.tinyfit.views;

import java.text.NumberFormat;
import java.util.Locale;

/** Number formatting for tables and labels, in the user's format locale. */
public final class Formats {
    private Formats() { }

    /** 12345 -> "12,345" (grouping per locale). */
    public static String integer(long v) {
        return NumberFormat.getIntegerInstance(locale()).format(v);
    }

    /** 93.905 -> "93.9 %" (one decimal). */
    public static String percent(double v) {
        NumberFormat f = NumberFormat.getNumberInstance(locale());
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        return f.format(v) + " %";
    }

    /** 12.345 -> "12.3" (one decimal). */
    public static String decimal1(double v) {
        return fixed(v, 1);
    }

    /** v with exactly {@code digits} decimals, grouped per locale. */
    public static String fixed(double v, int digits) {
        NumberFormat f = NumberFormat.getNumberInstance(locale());
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(v);
    }

    /** Bytes for people: "812 B", "17.3 KB", "1.25 MB" (1 KB = 1,024 bytes, as device sizes). */
    public static String bytes(double b) {
        if (b < 1024) return integer(Math.round(b)) + " B";
        if (b < 1024.0 * 1024) return fixed(b / 1024, b < 10 * 1024 ? 2 : 1) + " KB";
        return fixed(b / (1024.0 * 1024), 2) + " MB";
    }

    /** A device's memory as its datasheet gives it: "2 KB", "256 KB", "1 MB", else {@link #bytes}. */
    public static String capacity(double b) {
        return bytes(b).replaceFirst("\\.0+ ", " ");
    }

    /** Counts for people: "812", "12.0 k", "338.2 k", "4.51 M", "1.20 G". */
    public static String count(double v) {
        double a = Math.abs(v);
        if (a < 10_000) return integer(Math.round(v));
        if (a < 1e6) return fixed(v / 1e3, 1) + " k";
        if (a < 1e9) return fixed(v / 1e6, 2) + " M";
        return fixed(v / 1e9, 2) + " G";
    }

    /** A wait for people: "45 s", "6 min", "1.5 h". */
    public static String duration(double s) {
        if (s < 90) return Math.round(s) + " s";
        if (s < 5400) return Math.round(s / 60) + " min";
        return decimal1(s / 3600) + " h";
    }

    /** Seconds for people: "850 µs", "22.9 ms", "1.52 s". */
    public static String seconds(double s) {
        if (!Double.isFinite(s)) return "\u2014";
        if (s < 1e-3) return fixed(s * 1e6, 0) + " \u00b5s";
        if (s < 1) return fixed(s * 1e3, s < 0.01 ? 2 : 1) + " ms";
        return fixed(s, 2) + " s";
    }

    /** Joules for people: "1.24 mJ", "350 µJ". */
    public static String joules(double j) {
        if (!Double.isFinite(j)) return "\u2014";
        if (j < 1e-3) return fixed(j * 1e6, j < 1e-5 ? 2 : 1) + " \u00b5J";
        if (j < 1) return fixed(j * 1e3, 2) + " mJ";
        return fixed(j, 2) + " J";
    }

    /** Compression factor: "15.8\u00d7". */
    public static String factor(double f) {
        return fixed(f, f < 10 ? 2 : 1) + "\u00d7";
    }

    /** "443 params" / "1 param". */
    public static String params(long v) {
        return integer(v) + (v == 1 ? " param" : " params");
    }

    private static Locale locale() { return Locale.getDefault(Locale.Category.FORMAT); }
}
