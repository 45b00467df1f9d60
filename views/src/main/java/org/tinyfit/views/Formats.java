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

    /** "443 params" / "1 param". */
    public static String params(long v) {
        return integer(v) + (v == 1 ? " param" : " params");
    }

    private static Locale locale() { return Locale.getDefault(Locale.Category.FORMAT); }
}
