package org.tinyfit.model.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Kronecker factor shapes of a matrix and the legal ranks of hybrid KP.
 *
 * <p>An m x n matrix has one factor shape per pair of divisors (m1 of m, n1 of n):
 * B m1 x n1, C (m/m1) x (n/n1), so d(m)*d(n) shapes in all (d = number of divisors;
 * 512 x 156 has 10*12 = 120). The two trivial shapes (B 1x1 or C 1x1) are the dense
 * matrix times a scalar: they are listed, flagged {@link KpShape#trivial()}, and left
 * out of both Pareto fronts (for a 1x1 matrix the one shape is trivial).
 *
 * <p>Pareto fronts, over the non-trivial shapes: a shape is on the (params, rank)
 * front when no other shape has params &lt;= and rank bound &gt;= with one of them
 * strict; on the (params, MACs) front likewise with MACs &lt;=. Shapes with equal
 * numbers do not dominate each other.
 *
 * <p>Everything here is pure and fast: divisors by trial division up to sqrt,
 * one sort, the fronts by one sweep over it.
 */
public final class FactorShapes {
    private static final int MAX_LISTED = 16;

    private FactorShapes() { }

    /** Ascending divisors of {@code k} (k &gt;= 1). */
    public static int[] divisors(int k) {
        if (k < 1) throw new IllegalArgumentException("divisors need a positive number, got " + k);
        int[] small = new int[64];
        int[] large = new int[64];
        int ns = 0, nl = 0;
        for (int d = 1; (long) d * d <= k; d++) {
            if (k % d == 0) {
                if (ns == small.length) {
                    small = Arrays.copyOf(small, ns * 2);
                    large = Arrays.copyOf(large, ns * 2);
                }
                small[ns++] = d;
                if (d != k / d) large[nl++] = k / d;
            }
        }
        int[] out = new int[ns + nl];
        System.arraycopy(small, 0, out, 0, ns);
        for (int i = 0; i < nl; i++) out[ns + i] = large[nl - 1 - i];
        return out;
    }

    /**
     * Every factor shape of an m x n matrix, sorted by compression ascending (then
     * MACs ascending, then m1, then n1): the order in which a slider steps through them.
     */
    public static List<KpShape> enumerate(int m, int n) {
        if (m < 1 || n < 1) throw new IllegalArgumentException("matrix shape must be positive, got " + m + "x" + n);
        int[] dm = divisors(m), dn = divisors(n);
        int k = dm.length * dn.length;
        double mn = (double) m * n;
        KpShape[] s = new KpShape[k];
        int i = 0;
        for (int m1 : dm) {
            for (int n1 : dn) {
                int m2 = m / m1, n2 = n / n1;
                long params = (long) m1 * n1 + (long) m2 * n2;
                s[i++] = new KpShape(m1, n1, m2, n2, params, mn / params, Kron.macs(m1, n1, m2, n2),
                        Kron.cxFirst(m1, n1, m2, n2), Kron.rankBound(m1, n1, m2, n2), false, false,
                        (m1 == 1 && n1 == 1) || (m2 == 1 && n2 == 1));
            }
        }
        Arrays.sort(s, ORDER);
        // fronts: walk params ascending (the array backwards), one group of equal params at a time
        boolean[] onRank = new boolean[k], onMacs = new boolean[k];
        long bestMacs = Long.MAX_VALUE;
        int bestRank = -1;
        int end = k;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && s[start - 1].params() == s[end - 1].params()) start--;
            long groupMacs = Long.MAX_VALUE;
            int groupRank = -1;
            for (int j = start; j < end; j++) {
                if (s[j].trivial()) continue;
                groupMacs = Math.min(groupMacs, s[j].macs());
                groupRank = Math.max(groupRank, s[j].rankBound());
            }
            for (int j = start; j < end; j++) {
                if (s[j].trivial()) continue;
                onRank[j] = s[j].rankBound() == groupRank && s[j].rankBound() > bestRank;
                onMacs[j] = s[j].macs() == groupMacs && s[j].macs() < bestMacs;
            }
            bestMacs = Math.min(bestMacs, groupMacs);
            bestRank = Math.max(bestRank, groupRank);
            end = start;
        }
        List<KpShape> out = new ArrayList<>(k);
        for (i = 0; i < k; i++) {
            KpShape a = s[i];
            out.add(onRank[i] || onMacs[i]
                    ? new KpShape(a.m1(), a.n1(), a.m2(), a.n2(), a.params(), a.compression(), a.macs(), a.cxFirst(),
                            a.rankBound(), onRank[i], onMacs[i], a.trivial())
                    : a);
        }
        return out;
    }

    /** Compression ascending (params descending), then MACs, m1, n1 ascending. */
    private static final Comparator<KpShape> ORDER = (a, b) -> {
        if (a.params() != b.params()) return Long.compare(b.params(), a.params());
        if (a.macs() != b.macs()) return Long.compare(a.macs(), b.macs());
        if (a.m1() != b.m1()) return Integer.compare(a.m1(), b.m1());
        return Integer.compare(a.n1(), b.n1());
    };

    /**
     * Legal hybrid-KP dense row counts r for an m-row matrix when C has m2 rows:
     * every r in [0, m) with (m - r) divisible by m2 and m - r &gt;= m2, ascending
     * (r = m mod m2, then steps of m2 up to m - m2). Empty when m2 &gt; m.
     */
    public static int[] hybridRanks(int m, int m2) {
        if (m < 1 || m2 < 1) throw new IllegalArgumentException("hybrid ranks need positive m and m2, got " + m + " and " + m2);
        if (m2 > m) return new int[0];
        int count = m / m2;
        int[] out = new int[count];
        int r0 = m % m2;
        for (int j = 0; j < count; j++) out[j] = r0 + j * m2;
        return out;
    }

    /**
     * Factor shapes of the (m - r) x n lower block of a hybrid KP with r dense rows:
     * {@code enumerate(m - r, n)}.
     */
    public static List<KpShape> hybridShapes(int m, int n, int r) {
        if (r < 0 || r >= m) throw new IllegalArgumentException("hybrid dense rows r must be in 0.." + (m - 1) + ", got " + r);
        return enumerate(m - r, n);
    }

    /**
     * A valid factor shape close to what was asked: B's rows (or C's, if only they
     * divide) and B's columns (or C's) where they divide; otherwise the shape with the
     * fewest values among those whose B and C are both at least 2x2 (or, when there
     * is none, among the non-trivial ones).
     */
    static KpShape suggestKp(int m, int n, int m1, int n1, int m2, int n2) {
        List<KpShape> all = enumerate(m, n);
        KpShape best = all.get(0);
        for (KpShape s : all) if (better(s, best)) best = s;
        int sm1 = m % m1 == 0 ? m1 : m % m2 == 0 ? m / m2 : best.m1();
        int sn1 = n % n1 == 0 ? n1 : n % n2 == 0 ? n / n2 : best.n1();
        for (KpShape s : all) if (s.m1() == sm1 && s.n1() == sn1) return s;
        return best;
    }

    private static boolean better(KpShape s, KpShape best) {
        if (s.trivial()) return false;
        if (best.trivial()) return true;
        boolean wide = s.m1() > 1 && s.n1() > 1 && s.m2() > 1 && s.n2() > 1;
        boolean bestWide = best.m1() > 1 && best.n1() > 1 && best.m2() > 1 && best.n2() > 1;
        if (wide != bestWide) return wide;
        return s.params() < best.params();
    }

    static String divisorsText(int m, int n) {
        return "divisors of " + m + ": " + list(divisors(m)) + "; of " + n + ": " + list(divisors(n));
    }

    /** Up to 16 values; longer lists show their start and end and the count. */
    static String list(int[] v) {
        StringBuilder sb = new StringBuilder();
        if (v.length <= MAX_LISTED) {
            for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(v[i]);
            return sb.toString();
        }
        for (int i = 0; i < 8; i++) sb.append(i == 0 ? "" : ", ").append(v[i]);
        sb.append(", ..., ").append(v[v.length - 2]).append(", ").append(v[v.length - 1]);
        return sb.append(" (").append(v.length).append(" values)").toString();
    }

}
