package org.tinyfit.views;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * The last directory of the Open dialog and the most recently opened files,
 * kept in a {@link Preferences} node (the app uses {@code org/tinyfit} under the user root).
 */
public final class RecentFiles {
    public static final String NODE = "org/tinyfit";
    static final String LAST_DIR = "lastDirectory";
    static final String RECENT = "recent.";
    public static final int MAX = 8;

    private final Preferences prefs;

    public RecentFiles(Preferences prefs) { this.prefs = prefs; }

    /** The user node {@code org/tinyfit}. */
    public static RecentFiles userDefault() { return new RecentFiles(Preferences.userRoot().node(NODE)); }

    /** A store that remembers nothing (tests, or when preferences are unavailable). */
    public static RecentFiles none() { return new RecentFiles(null); }

    public Optional<Path> lastDirectory() {
        if (prefs == null) return Optional.empty();
        return parse(prefs.get(LAST_DIR, null)).filter(Files::isDirectory);
    }

    public void setLastDirectory(Path dir) {
        if (prefs == null || dir == null) return;
        prefs.put(LAST_DIR, dir.toAbsolutePath().toString());
    }

    static final String LAST_EXPORT = "lastExportDirectory";

    /** Where the last C export went (its parent folder). */
    public Optional<Path> lastExportDirectory() {
        if (prefs == null) return Optional.empty();
        return parse(prefs.get(LAST_EXPORT, null)).filter(Files::isDirectory);
    }

    public void setLastExportDirectory(Path dir) {
        if (prefs == null || dir == null) return;
        prefs.put(LAST_EXPORT, dir.toAbsolutePath().toString());
    }

    /** Most recent first. */
    public List<Path> recent() {
        List<Path> out = new ArrayList<>();
        if (prefs == null) return out;
        for (int i = 0; i < MAX; i++) {
            parse(prefs.get(RECENT + i, null)).ifPresent(out::add);
        }
        return out;
    }

    /** Moves {@code file} to the front of the list, dropping the oldest beyond {@link #MAX}. */
    public List<Path> add(Path file) {
        List<Path> list = recent();
        Path abs = file.toAbsolutePath().normalize();
        list.remove(abs);
        list.add(0, abs);
        while (list.size() > MAX) list.remove(list.size() - 1);
        if (prefs != null) {
            for (int i = 0; i < MAX; i++) {
                if (i < list.size()) prefs.put(RECENT + i, list.get(i).toString());
                else prefs.remove(RECENT + i);
            }
        }
        return list;
    }

    static final String DATA = "data.";

    /** The data sets the user attached to {@code model}, role to what they named (eval, train). */
    public java.util.Map<String, String> data(Path model) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (prefs == null || model == null) return out;
        String abs = model.toAbsolutePath().normalize().toString();
        for (String role : new String[] {"eval", "train"}) {
            String v = prefs.get(dataKey(abs, role), null);
            if (v == null) continue;
            int nl = v.indexOf('\n');
            if (nl > 0 && v.substring(0, nl).equals(abs) && nl + 1 < v.length()) out.put(role, v.substring(nl + 1));
        }
        return out;
    }

    /** Remembers (null: forgets) the data set the user attached to {@code model} as {@code role}. */
    public void setData(Path model, String role, String arg) {
        if (prefs == null || model == null) return;
        String abs = model.toAbsolutePath().normalize().toString();
        if (arg == null) prefs.remove(dataKey(abs, role));
        else if (abs.length() + arg.length() < 8000) prefs.put(dataKey(abs, role), abs + "\n" + arg);
    }

    private static String dataKey(String abs, String role) {
        return DATA + Integer.toHexString(abs.hashCode()) + "." + Integer.toHexString(abs.length()) + "." + role;
    }

    private static Optional<Path> parse(String s) {
        if (s == null || s.isBlank()) return Optional.empty();
        try {
            return Optional.of(Path.of(s));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
