package org.tinyfit.model.plan;

import java.util.List;

/**
 * Default settings of each technique on an m x n matrix, and how settings carry
 * over to a matrix of another shape ("apply to all RNN matrices"): the rules the
 * plan editor, the window and the search share. Pure functions.
 */
public final class Techniques {
    /** Technique ids in the order of the selector ({@link TechniqueKind} order). */
    public static final List<String> IDS = TechniqueKind.ids();
    /** Bit widths in the order of the selector. */
    public static final List<Integer> BITS = List.of(2, 3, 4, 5, 6, 7, 8, 16, 32);
    /** Compression the default KP shape aims for. */
    public static final double DEFAULT_KP_COMPRESSION = 16;
    /** Default DKP overlay density. */
    public static final double DEFAULT_DENSITY = 0.01;
    /** Default pruning sparsity. */
    public static final double DEFAULT_SPARSITY = 0.9;

    private Techniques() { }

    /** The people's name of technique {@code id}, e.g. "Hybrid KP". */
    public static String label(String id) {
        return TechniqueKind.byId(id).map(TechniqueKind::label).orElse(id);
    }

    public static String bitsLabel(int bits) { return bits == 32 ? "float32" : "int" + bits; }

    /** The shape whose compression is closest to {@code target} (non-trivial shapes preferred; ties: more compression). */
    public static KpShape closest(List<KpShape> shapes, double target) {
        KpShape best = null;
        for (KpShape s : shapes) {
            if (best == null || (best.trivial() && !s.trivial())) {
                best = s;
                continue;
            }
            if (s.trivial()) continue;
            double d = Math.abs(Math.log(s.compression() / target)), bd = Math.abs(Math.log(best.compression() / target));
            if (d < bd - 1e-12 || (Math.abs(d - bd) <= 1e-12 && s.pareto() && !best.pareto())) best = s;
        }
        return best;
    }

    /**
     * The KP shape of the default settings: among shapes whose B and C are both at
     * least 2 x 2 (else the non-trivial ones), the one closest to
     * {@value #DEFAULT_KP_COMPRESSION}x; ties: the larger rank bound, then fewer MACs.
     */
    public static KpShape defaultShape(int m, int n) {
        List<KpShape> all = FactorShapes.enumerate(m, n);
        List<KpShape> wide = all.stream().filter(s -> s.m1() > 1 && s.n1() > 1 && s.m2() > 1 && s.n2() > 1).toList();
        List<KpShape> pool = !wide.isEmpty() ? wide : all.stream().filter(s -> !s.trivial()).toList();
        if (pool.isEmpty()) return all.get(0);
        KpShape best = null;
        for (KpShape s : pool) {
            if (best == null) { best = s; continue; }
            double d = Math.abs(Math.log(s.compression() / DEFAULT_KP_COMPRESSION));
            double bd = Math.abs(Math.log(best.compression() / DEFAULT_KP_COMPRESSION));
            if (d < bd - 1e-12 || (Math.abs(d - bd) <= 1e-12 && (s.rankBound() > best.rankBound()
                    || (s.rankBound() == best.rankBound() && s.macs() < best.macs())))) best = s;
        }
        return best;
    }

    /** Default settings of technique {@code id} on an m x n matrix. */
    public static TechniqueSpec defaults(String id, int m, int n) {
        return switch (TechniqueKind.byId(id).map(TechniqueKind::id).orElse(id)) {
            case "dense" -> new TechniqueSpec.Dense();
            case "kp" -> defaultShape(m, n).spec();
            case "hkp" -> hybrid(m, n, defaultShape(m, n), -1);
            case "dkp" -> {
                KpShape s = defaultShape(m, n);
                yield new TechniqueSpec.Dkp(s.m1(), s.n1(), s.m2(), s.n2(), DEFAULT_DENSITY);
            }
            case "lmf" -> new TechniqueSpec.Lmf(Math.max(1, Math.min(m, n) / 16));
            case "prune" -> new TechniqueSpec.Pruned(DEFAULT_SPARSITY);
            default -> throw new IllegalArgumentException("unknown technique '" + id + "'");
        };
    }

    /**
     * Hybrid KP with C of {@code shape} and r dense rows: the legal r nearest
     * {@code r} (r &lt; 0: the smallest legal r above 0, else 0).
     */
    public static TechniqueSpec.Hkp hybrid(int m, int n, KpShape shape, int r) {
        int[] legal = FactorShapes.hybridRanks(m, shape.m2());
        int pick = legal[0];
        if (r < 0) {
            pick = legal.length > 1 && legal[0] == 0 ? legal[1] : legal[0];
            if (legal.length > 1 && m - pick < shape.m2()) pick = legal[0];
        } else {
            for (int v : legal) if (Math.abs(v - r) < Math.abs(pick - r)) pick = v;
        }
        return new TechniqueSpec.Hkp(pick, (m - pick) / shape.m2(), shape.n1(), shape.m2(), shape.n2());
    }

    /** The KP part of a technique (KP, HKP's C with B over all m rows, DKP), or null. */
    public static KpShape kpShapeOf(TechniqueSpec t, int m, int n) {
        int m2, n2;
        if (t instanceof TechniqueSpec.Kp k) { m2 = k.m2(); n2 = k.n2(); }
        else if (t instanceof TechniqueSpec.Dkp k) { m2 = k.m2(); n2 = k.n2(); }
        else if (t instanceof TechniqueSpec.Hkp k) { m2 = k.m2(); n2 = k.n2(); }
        else return null;
        for (KpShape s : FactorShapes.enumerate(m, n)) if (s.m2() == m2 && s.n2() == n2) return s;
        return null;
    }

    /**
     * Settings of {@code t} (made for a matrix of compression-relevant shape
     * {@code fromM x fromN}) carried to an m x n matrix: the same settings when the
     * shape is the same; otherwise KP shapes with the nearest compression, the
     * same sparsity and density, the rank clipped to min(m, n).
     */
    public static TechniqueSpec adapt(TechniqueSpec t, int fromM, int fromN, int m, int n) {
        if (fromM == m && fromN == n) return t;
        if (t instanceof TechniqueSpec.Dense || t instanceof TechniqueSpec.Pruned) return t;
        if (t instanceof TechniqueSpec.Lmf l) return new TechniqueSpec.Lmf(Math.max(1, Math.min(l.rank(), Math.min(m, n))));
        double mn = (double) fromM * fromN;
        List<KpShape> shapes = FactorShapes.enumerate(m, n);
        if (t instanceof TechniqueSpec.Kp k) {
            return closest(shapes, mn / ((long) k.m1() * k.n1() + (long) k.m2() * k.n2())).spec();
        }
        if (t instanceof TechniqueSpec.Dkp k) {
            KpShape s = closest(shapes, mn / ((long) k.m1() * k.n1() + (long) k.m2() * k.n2()));
            return new TechniqueSpec.Dkp(s.m1(), s.n1(), s.m2(), s.n2(), k.density());
        }
        TechniqueSpec.Hkp h = (TechniqueSpec.Hkp) t;
        KpShape s = closest(shapes, mn / ((long) h.r() * fromN + (long) h.m1() * h.n1() + (long) h.m2() * h.n2()));
        return hybrid(m, n, s, (int) Math.round((double) h.r() * m / fromM));
    }
}
