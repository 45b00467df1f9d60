package org.tinyfit.model.io;

import java.nio.file.Path;

/**
 * The one way a name that came from a file or a user (a model's name, a data set named in
 * model.json) becomes a file name: {@link #fileName} maps it to letters, digits, {@code .},
 * {@code _} and {@code -} only, never {@code .} or {@code ..}, so the result always stays in the
 * folder it is resolved against; {@link #inside} resolves it and checks that it does.
 */
public final class SafeNames {
    /** Longest file name made from a name (bytes; file systems allow 255). */
    public static final int MAX_LENGTH = 120;

    private SafeNames() { }

    /**
     * A file name for {@code name} (plus {@code suffix}, e.g. {@code ".tinyfit"}): every other
     * character becomes {@code _}, leading dots are dropped, the stem is cut to
     * {@link #MAX_LENGTH}; an empty result becomes {@code model}.
     */
    public static String fileName(String name, String suffix) {
        StringBuilder sb = new StringBuilder();
        String s = name == null ? "" : name;
        for (int i = 0; i < s.length() && sb.length() < MAX_LENGTH; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            sb.append(plain(c) ? (char) c : '_');
        }
        int lead = 0;
        while (lead < sb.length() && sb.charAt(lead) == '.') lead++;
        String stem = sb.substring(lead);
        if (stem.isEmpty() || stem.chars().allMatch(c -> c == '_')) stem = "model";
        return stem + (suffix == null ? "" : suffix);
    }

    /** {@code dir} resolved with {@link #fileName(String, String)}; always a direct child of {@code dir}. */
    public static Path inside(Path dir, String name, String suffix) {
        Path f = dir.resolve(fileName(name, suffix));
        if (!f.normalize().getParent().equals(dir.normalize())) throw new IllegalStateException("'" + f + "' is not inside " + dir);
        return f;
    }

    /** True for a name that is its own safe file name: plain characters, not starting with a dot. */
    public static boolean isPlainFileName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH + 32 || name.charAt(0) == '.') return false;
        for (int i = 0; i < name.length(); i++) if (!plain(name.charAt(i))) return false;
        return true;
    }

    /**
     * Null when {@code name} can name a model or a file beside another, else why not: no path separators, no control
     * characters, at most 200 characters, not blank.
     */
    public static String nameProblem(String name) {
        if (name == null || name.isBlank()) return "must not be empty";
        if (name.length() > 200) return "is longer than 200 characters";
        if (name.equals(".") || name.equals("..")) return "must not be '" + name + "'";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') return "must not contain '" + c + "' (it is a name, not a path)";
            if (Character.isISOControl(c)) return "must not contain control characters";
        }
        return null;
    }

    /** {@code s} for a one-line message: control characters (a NUL, a newline) as {@code \\uXXXX}. */
    public static String printable(String s) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /**
     * "NAME: no such file", saying why when the name could not have been typed right: a name
     * with U+FFFD came from bytes that are not valid in this system's file-name encoding (a
     * Latin-1 name on a UTF-8 system, say), which Java cannot open.
     */
    public static String noSuchFile(String name) {
        String p = printable(name);
        if (name != null && name.indexOf('\uFFFD') >= 0) {
            return p + ": no such file (its name holds bytes that are not valid " + System.getProperty("sun.jnu.encoding", "UTF-8")
                    + "; Java cannot open such a file: rename it)";
        }
        return p + ": no such file";
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }
}
