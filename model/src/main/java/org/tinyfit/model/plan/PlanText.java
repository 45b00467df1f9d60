package org.tinyfit.model.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;

/**
 * The text form of a compression plan, for the command line and the UI:
 * {@code ;}-separated entries {@code MATRIX=TECHNIQUE[/BITS]} and {@code activations=int8|float32}.
 *
 * <pre>
 * lstm.kernel=kp:8x4,64x39/int8;fc.kernel=dense;activations=int8
 * *=prune:0.9;fc.kernel=dense
 * </pre>
 *
 * Techniques: {@code dense}, {@code kp:M1xN1,M2xN2} (B M1xN1, C M2xN2),
 * {@code hkp:R:M1xN1,M2xN2} (R dense rows, KP on the other rows),
 * {@code dkp:M1xN1,M2xN2:D} (KP plus a sparse overlay of density D in (0, 1]),
 * {@code lmf:R} (rank R), {@code prune:S} (sparsity S in [0, 1)). BITS is
 * {@code int2}..{@code int8}, {@code int16} or {@code float32} (the default).
 * {@code *} stands for every matrix of the network; a later entry overrides an
 * earlier one, so {@code *} clears everything before it and the entries after it
 * override it for their matrices. Whitespace anywhere is ignored; technique and
 * bit-width names are case-insensitive, matrix names are not; empty entries are
 * ignored (a trailing {@code ;} is fine) and the empty text is the all-dense plan.
 *
 * <p>{@link #parse(String)} checks syntax and everything that does not depend on
 * the network (bit widths, densities, sparsities, positive sizes). Its plan may hold
 * the key {@link #ALL} ({@code *}), always first. {@link #parse(String, Network)}
 * also validates against the network and expands {@code *} into one entry per
 * matrix (network order, then the other entries in text order). Errors are
 * {@link PlanException}s that say what would be valid.
 */
public final class PlanText {
    /** The plan key that stands for every matrix of the network. */
    public static final String ALL = "*";

    /** The techniques and their text syntax, as listed in error messages. */
    public static final String TECHNIQUES = TechniqueKind.syntaxList();

    /** The bit widths, as listed in error messages. */
    public static final String BIT_WIDTHS = "int2, int3, int4, int5, int6, int7, int8, int16 or float32";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern INT = Pattern.compile("[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern SHAPE = Pattern.compile("([0-9]+)[xX]([0-9]+)");

    private PlanText() { }

    // ---------------------------------------------------------------- parsing

    /** Parses the text form, checking syntax and network-independent ranges (see the class comment). */
    public static CompressionPlan parse(String text) {
        if (text == null) throw new PlanException("plan text is missing");
        Map<String, MatrixPlan> out = new LinkedHashMap<>();
        Activations act = Activations.FLOAT32;
        for (String raw : text.split(";", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) continue;
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new PlanException("plan entry '" + entry + "' must be MATRIX=TECHNIQUE, e.g. lstm.kernel=kp:8x4,64x39/int8"
                        + " or activations=int8");
            }
            String name = entry.substring(0, eq).strip();
            String spec = entry.substring(eq + 1);
            if (name.equalsIgnoreCase("activations")) {
                String a = spec.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
                if (!a.equals("int8") && !a.equals("float32")) {
                    throw new PlanException("plan entry '" + entry + "': activations must be int8 or float32");
                }
                act = Activations.parse(a);
                continue;
            }
            if (name.equals(ALL)) {
                out.clear();
            } else if (name.isEmpty() || !NAME.matcher(name).matches()) {
                throw new PlanException("plan entry '" + entry + "': '" + name + "' is not a matrix name (LAYER.kernel, or * for every matrix)");
            }
            MatrixPlan mp = parseMatrixPlan(spec, entry);
            out.remove(name);
            out.put(name, mp);
        }
        return new CompressionPlan(out, act);
    }

    /**
     * Parses, validates against {@code net} and expands {@code *}: the plan names
     * only matrices of {@code net}.
     */
    public static CompressionPlan parse(String text, Network net) {
        CompressionPlan p = parse(text);
        validate(p, net);
        return expand(p, net);
    }

    /**
     * Parses one matrix's settings, {@code TECHNIQUE[/BITS]}, e.g. {@code kp:8x4,64x39/int8}.
     */
    public static MatrixPlan parseMatrixPlan(String spec) {
        return parseMatrixPlan(spec, spec == null ? "" : spec.strip());
    }

    private static MatrixPlan parseMatrixPlan(String specRaw, String entry) {
        if (specRaw == null) throw new PlanException("technique is missing; valid: " + TECHNIQUES);
        String spec = specRaw.replaceAll("\\s+", "");
        String where = "plan entry '" + entry + "'";
        int bits = 32;
        int slash = spec.indexOf('/');
        String tech = spec;
        if (slash >= 0) {
            String b = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            tech = spec.substring(0, slash);
            bits = parseBits(b, where);
        }
        if (tech.isEmpty()) throw new PlanException(where + ": technique is missing; valid: " + TECHNIQUES);
        String[] parts = tech.split(":", -1);
        String id = parts[0].toLowerCase(Locale.ROOT);
        TechniqueSpec t = PlanException.at(where, () -> spec(id, parts, where));
        return new MatrixPlan(t, bits);
    }

    private static TechniqueSpec spec(String id, String[] parts, String where) {
        return switch (id) {
            case "dense" -> {
                arity(parts, 1, where, "dense takes no settings: dense");
                yield new TechniqueSpec.Dense();
            }
            case "kp" -> {
                arity(parts, 2, where, "kp takes two factor shapes: kp:M1xN1,M2xN2 (B is M1xN1, C is M2xN2), e.g. kp:8x4,64x39");
                int[] s = shapes(parts[1], where, "kp:M1xN1,M2xN2");
                yield new TechniqueSpec.Kp(s[0], s[1], s[2], s[3]);
            }
            case "hkp" -> {
                arity(parts, 3, where, "hkp takes dense rows and two factor shapes: hkp:R:M1xN1,M2xN2, e.g. hkp:64:7x4,64x39");
                int r = integer(parts[1], where, "hkp dense rows R");
                int[] s = shapes(parts[2], where, "hkp:R:M1xN1,M2xN2");
                yield new TechniqueSpec.Hkp(r, s[0], s[1], s[2], s[3]);
            }
            case "dkp" -> {
                arity(parts, 3, where, "dkp takes two factor shapes and an overlay density: dkp:M1xN1,M2xN2:D, e.g. dkp:8x4,64x39:0.01");
                int[] s = shapes(parts[1], where, "dkp:M1xN1,M2xN2:D");
                double d = decimal(parts[2], where, "dkp density D");
                yield new TechniqueSpec.Dkp(s[0], s[1], s[2], s[3], d);
            }
            case "lmf" -> {
                arity(parts, 2, where, "lmf takes a rank: lmf:R, e.g. lmf:16");
                yield new TechniqueSpec.Lmf(integer(parts[1], where, "lmf rank R"));
            }
            case "prune" -> {
                arity(parts, 2, where, "prune takes a sparsity: prune:S with S in [0, 1), e.g. prune:0.9");
                yield new TechniqueSpec.Pruned(decimal(parts[1], where, "prune sparsity S"));
            }
            default -> throw new PlanException(where + ": unknown technique '" + parts[0] + "'; valid: " + TECHNIQUES);
        };
    }

    private static int parseBits(String b, String where) {
        String msg = where + ": bit width '" + b + "' is not supported; use " + BIT_WIDTHS;
        if (b.equals("float32")) return 32;
        if (b.startsWith("int") && INT.matcher(b.substring(3)).matches() && b.length() <= 5) {
            int v = Integer.parseInt(b.substring(3));
            if (v != 32 && MatrixPlan.validBits(v)) return v;
        }
        throw new PlanException(msg);
    }

    private static void arity(String[] parts, int n, String where, String usage) {
        if (parts.length != n) throw new PlanException(where + ": " + usage);
    }

    private static int[] shapes(String s, String where, String usage) {
        String[] two = s.split(",", -1);
        if (two.length != 2) throw new PlanException(where + ": expected two factor shapes M1xN1,M2xN2 as in " + usage + ", got '" + s + "'");
        int[] out = new int[4];
        for (int i = 0; i < 2; i++) {
            Matcher mt = SHAPE.matcher(two[i]);
            String what = i == 0 ? "B" : "C";
            if (!mt.matches()) throw new PlanException(where + ": factor shape " + what + " '" + two[i] + "' must be ROWSxCOLS, e.g. 8x4");
            out[2 * i] = positiveInt(mt.group(1), where, what + " rows");
            out[2 * i + 1] = positiveInt(mt.group(2), where, what + " columns");
        }
        return out;
    }

    private static int positiveInt(String s, String where, String what) {
        int v = integer(s, where, what);
        if (v < 1) throw new PlanException(where + ": " + what + " must be at least 1, got " + v);
        return v;
    }

    private static int integer(String s, String where, String what) {
        if (!INT.matcher(s).matches()) throw new PlanException(where + ": " + what + " must be a whole number, got '" + s + "'");
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new PlanException(where + ": " + what + " " + s + " is too large");
        }
    }

    private static double decimal(String s, String where, String what) {
        if (!DECIMAL.matcher(s).matches()) throw new PlanException(where + ": " + what + " must be a decimal number such as 0.9, got '" + s + "'");
        return Double.parseDouble(s);
    }

    // ------------------------------------------------------------- validation

    /**
     * Checks {@code plan} against {@code net}: every name is a matrix of the network
     * (or {@code *}), and every technique fits its matrix's shape. For {@code *},
     * the matrices that no other entry names are checked.
     *
     * @throws PlanException naming the entry and what would be valid
     */
    public static void validate(CompressionPlan plan, Network net) {
        Map<String, int[]> shapes = shapes(net);
        for (var e : plan.matrices().entrySet()) {
            String name = e.getKey();
            MatrixPlan mp = e.getValue();
            if (name.equals(ALL)) {
                for (var s : shapes.entrySet()) {
                    if (plan.matrices().containsKey(s.getKey())) continue;
                    checkFits(s.getKey(), s.getValue()[0], s.getValue()[1], mp, net, "*=" + format(mp));
                }
                continue;
            }
            int[] shape = shapes.get(name);
            if (shape == null) {
                String hint = net.layer(name).map(l -> " (did you mean " + l.kernelName() + "?)").orElse("");
                throw new PlanException("unknown matrix '" + name + "'" + hint + "; model '" + net.name() + "' has "
                        + describe(shapes) + " (or * for all)");
            }
            checkFits(name, shape[0], shape[1], mp, net, name + "=" + format(mp));
        }
    }

    /** Matrix names of {@code net} and their shapes (rows, cols), in layer order. */
    private static Map<String, int[]> shapes(Network net) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Layer l : net.layers()) out.put(l.kernelName(), new int[] {l.kernel().rows(), l.kernel().cols()});
        return out;
    }

    private static String describe(Map<String, int[]> shapes) {
        List<String> s = new ArrayList<>();
        for (var e : shapes.entrySet()) s.add(e.getKey() + " (" + e.getValue()[0] + "x" + e.getValue()[1] + ")");
        return String.join(", ", s);
    }

    private static void checkFits(String name, int m, int n, MatrixPlan mp, Network net, String entry) {
        String why = mp.technique().misfit(m, n);
        if (why != null) {
            throw new PlanException("plan entry '" + entry + "': " + name + " is " + m + "x" + n + ": " + why
                    + " (see `tinyfit shapes " + net.name() + " " + name + "`)");
        }
    }

    /**
     * Replaces {@code *} by one entry per matrix of {@code net} (network order),
     * each overridden by the plan's own entry for that matrix; other entries follow
     * in plan order. A plan without {@code *} is returned unchanged.
     */
    public static CompressionPlan expand(CompressionPlan plan, Network net) {
        MatrixPlan all = plan.matrices().get(ALL);
        if (all == null) return plan;
        Map<String, MatrixPlan> out = new LinkedHashMap<>();
        for (String name : net.matrixNames()) out.put(name, all);
        for (var e : plan.matrices().entrySet()) if (!e.getKey().equals(ALL)) out.put(e.getKey(), e.getValue());
        return new CompressionPlan(out, plan.activations());
    }

    // ------------------------------------------------------------- formatting

    /**
     * The canonical text: entries in plan order ({@code *} first), joined by
     * {@code ;}, then {@code activations=int8} when activations are int8 (float32 is
     * the default and not written). The all-dense float32 plan is the empty text.
     * {@code parse(format(p))} equals {@code p}.
     */
    public static String format(CompressionPlan plan) {
        List<String> parts = new ArrayList<>();
        MatrixPlan all = plan.matrices().get(ALL);
        if (all != null) parts.add(ALL + "=" + format(all));
        for (var e : plan.matrices().entrySet()) {
            if (!e.getKey().equals(ALL)) parts.add(e.getKey() + "=" + format(e.getValue()));
        }
        if (plan.activations() == Activations.INT8) parts.add("activations=int8");
        return String.join(";", parts);
    }

    /** The text of one matrix's settings, e.g. {@code kp:8x4,64x39/int8} or {@code prune:0.9}. */
    public static String format(MatrixPlan mp) {
        String t = format(mp.technique());
        return mp.bits() == 32 ? t : t + "/int" + mp.bits();
    }

    /** The text of a technique, e.g. {@code hkp:64:7x4,64x39}. */
    public static String format(TechniqueSpec t) {
        return t.text();
    }

    /**
     * A fraction without exponent or trailing zeros (0.9, 0.0001, 1); parsing it
     * gives back the same double.
     */
    public static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d);
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
