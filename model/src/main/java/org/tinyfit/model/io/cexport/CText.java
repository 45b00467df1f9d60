package org.tinyfit.model.io.cexport;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Small helpers for writing C text: literals, identifiers, wrapped arrays. */
final class CText {
    private CText() { }

    /** A float literal that reads back as exactly {@code v} (Float.toString is round-trip exact). */
    static String f(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) throw new IllegalArgumentException("cannot export the non-finite value " + v);
        return Float.toString(v) + "f";
    }

    /** A C identifier from a layer name ([A-Za-z0-9_-]+), unique among {@code taken}. */
    static String ident(String name, Set<String> taken) {
        String s = name.replace('-', '_').toLowerCase(Locale.ROOT);
        if (s.isEmpty() || !Character.isLetter(s.charAt(0)) || s.startsWith("tf_") || s.startsWith("tinyfit_")) s = "layer_" + s;
        String base = s;
        for (int k = 2; !taken.add(s); k++) s = base + "_" + k;
        return s;
    }

    static Set<String> newNames() {
        Set<String> s = new HashSet<>();
        // names the generated code uses itself
        s.add("tinyfit_input");
        s.add("tinyfit_logits");
        s.add("tinyfit_predict");
        s.add("tf_arena");
        return s;
    }

    /** "{a, b, ...}" wrapped at about 100 columns, with a 4-space indent. */
    static String array(String[] items) {
        StringBuilder sb = new StringBuilder("{\n    ");
        int col = 4;
        for (int i = 0; i < items.length; i++) {
            String it = items[i] + (i + 1 < items.length ? "," : "");
            if (col + it.length() + 1 > 100 && col > 4) {
                sb.append("\n    ");
                col = 4;
            } else if (col > 4) {
                sb.append(' ');
                col++;
            }
            sb.append(it);
            col += it.length();
        }
        return sb.append("\n}").toString();
    }

    static String[] floats(float[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) s[i] = f(v[i]);
        return s;
    }

    static String[] ints(int[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) s[i] = Integer.toString(v[i]);
        return s;
    }

    /** A C comment line (no comment terminators inside). */
    static String comment(String s) {
        return "/* " + s.replace("*/", "* /") + " */";
    }
}
