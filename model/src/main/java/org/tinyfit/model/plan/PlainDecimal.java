package org.tinyfit.model.plan;

/**
 * Plain decimal numbers of the plan text ({@code 0.9}, {@code .5}, {@code 1e-4}) recognised in
 * one pass, without a regular expression (a backtracking pattern took seconds on a long run of
 * digits), and at most {@link #MAX_LENGTH} characters long.
 */
public final class PlainDecimal {
    /** Longest number accepted (characters). */
    public static final int MAX_LENGTH = 32;
    /** Longest piece of rejected input quoted in a message. */
    static final int MAX_QUOTED = 40;

    private PlainDecimal() { }

    /** True for {@code DIGITS[.DIGITS*]} or {@code .DIGITS}, optionally followed by {@code e[+-]DIGITS}. */
    public static boolean matches(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) return false;
        int i = 0, n = s.length();
        int intDigits = 0;
        while (i < n && digit(s.charAt(i))) { i++; intDigits++; }
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && digit(s.charAt(i))) { i++; fracDigits++; }
        }
        if (intDigits == 0 && fracDigits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int expDigits = 0;
            while (i < n && digit(s.charAt(i))) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == n;
    }

    /** {@code s} for a message: at most {@link #MAX_QUOTED} characters, then how many more. */
    public static String quote(String s) {
        return clip(s, MAX_QUOTED);
    }

    /**
     * {@code s} cut to {@code max} characters for a message, saying how long it was; control
     * characters (a line break) appear as {@code \\uXXXX}, so the message stays one line.
     */
    public static String clip(String s, int max) {
        if (s == null) return "";
        String c = s.length() <= max ? s : s.substring(0, max);
        StringBuilder sb = new StringBuilder(c.length() + 24);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (Character.isISOControl(ch)) sb.append(String.format("\\u%04x", (int) ch));
            else sb.append(ch);
        }
        return s.length() <= max ? sb.toString() : sb.append("... (").append(s.length()).append(" characters)").toString();
    }

    private static boolean digit(char c) { return c >= '0' && c <= '9'; }
}
