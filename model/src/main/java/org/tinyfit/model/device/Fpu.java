package org.tinyfit.model.device;

import java.util.Locale;

/** Floating-point unit of a device core: none, single precision, double precision. */
public enum Fpu {
    NONE, SP, DP;

    /** JSON spelling: "none", "sp", "dp". */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** True when the core has hardware float32 arithmetic (SP or DP). */
    public boolean hasFloat() { return this != NONE; }

    /** Parses "none", "sp" or "dp" (case-insensitive). */
    public static Fpu parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Fpu f : values()) {
            if (f.id().equals(t)) return f;
        }
        throw new IllegalArgumentException("fpu must be none, sp or dp, got '" + s + "'");
    }
}
