package org.tinyfit.model.plan;

/**
 * What a plan asks for one weight matrix (m x n): the technique and its settings,
 * independent of any weights. A spec validates its own settings when it is built
 * (a {@link PlanException} saying what is valid) and answers the questions everyone
 * asks of it: does it fit an m x n matrix ({@link #misfit}), what it stores and
 * computes there ({@link #footprint}), and its text form ({@link #text}). The cost
 * model, the plan parsers, projection, the trainer and the views call these rather
 * than re-deciding. The registry of techniques is {@link TechniqueKind}.
 */
public sealed interface TechniqueSpec {

    /** The technique this spec is of. */
    TechniqueKind kind();

    /** Short id used in plans, tables and files: dense, kp, hkp, dkp, lmf, prune. */
    default String id() { return kind().id(); }

    /** The plan text of this spec, e.g. {@code hkp:64:7x4,64x39}. */
    String text();

    /**
     * Null when this spec fits an m x n matrix; otherwise why not and what would
     * fit instead (a sentence for an error message).
     */
    String misfit(int m, int n);

    /** Whether this spec fits an m x n matrix. */
    default boolean fits(int m, int n) { return misfit(m, n) == null; }

    /** @throws PlanException saying why, when this spec does not fit an m x n matrix */
    default void requireFits(int m, int n) {
        String why = misfit(m, n);
        if (why != null) throw new PlanException(text() + " does not fit " + m + "x" + n + ": " + why);
    }

    /**
     * What this spec stores and computes on an m x n matrix.
     *
     * @throws PlanException when it does not fit (the message of {@link #misfit})
     */
    Footprint footprint(int m, int n);

    /** Stored values on an m x n matrix. */
    default long params(int m, int n) { return footprint(m, n).params(); }

    /** The number of kept entries of a fraction of m*n values: round(fraction * m * n). */
    static long nonZeros(double fraction, long mn) {
        return Math.round(fraction * mn);
    }

    private static void positive(int m1, int n1, int m2, int n2) {
        if (m1 < 1 || n1 < 1 || m2 < 1 || n2 < 1) {
            throw new PlanException("factor sizes must be at least 1, got B " + m1 + "x" + n1 + " and C " + m2 + "x" + n2);
        }
    }

    private static String kpText(int m1, int n1, int m2, int n2) {
        return m1 + "x" + n1 + "," + m2 + "x" + n2;
    }

    private static String kpMisfit(int m, int n, int m1, int n1, int m2, int n2, String example) {
        if ((long) m1 * m2 == m && (long) n1 * n2 == n) return null;
        return "M1*M2 must equal " + m + " and N1*N2 must equal " + n + "; e.g. " + example + "; " + FactorShapes.divisorsText(m, n);
    }

    private static Footprint checked(TechniqueSpec t, int m, int n, Footprint f) {
        t.requireFits(m, n);
        return f;
    }

    /** Uncompressed. */
    record Dense() implements TechniqueSpec {
        @Override public TechniqueKind kind() { return TechniqueKind.DENSE; }
        @Override public String text() { return "dense"; }
        @Override public String misfit(int m, int n) { return null; }
        @Override public Footprint footprint(int m, int n) {
            long mn = (long) m * n;
            return new Footprint(new long[] {mn}, 0, mn, 0, 0, null, Math.min(m, n));
        }
    }

    /** W = B kron C with B m1 x n1 and C m2 x n2 (m1*m2 = m, n1*n2 = n). */
    record Kp(int m1, int n1, int m2, int n2) implements TechniqueSpec {
        public Kp {
            positive(m1, n1, m2, n2);
        }
        @Override public TechniqueKind kind() { return TechniqueKind.KP; }
        @Override public String text() { return "kp:" + kpText(m1, n1, m2, n2); }
        @Override public String misfit(int m, int n) {
            if ((long) m1 * m2 == m && (long) n1 * n2 == n) return null;
            return kpMisfit(m, n, m1, n1, m2, n2, FactorShapes.suggestKp(m, n, m1, n1, m2, n2).text());
        }
        @Override public Footprint footprint(int m, int n) {
            return checked(this, m, n, new Footprint(new long[] {(long) m1 * n1, (long) m2 * n2}, 0,
                    Kron.macs(m1, n1, m2, n2), 0, Kron.intermediate(m1, n1, m2, n2), Kron.order(m1, n1, m2, n2),
                    Kron.rankBound(m1, n1, m2, n2)));
        }
    }

    /** First r rows dense, B kron C on the other m - r rows (m1*m2 = m - r, n1*n2 = n). */
    record Hkp(int r, int m1, int n1, int m2, int n2) implements TechniqueSpec {
        public Hkp {
            positive(m1, n1, m2, n2);
            if (r < 0) throw new PlanException("hkp dense rows R must be 0 or more, got " + r);
        }
        @Override public TechniqueKind kind() { return TechniqueKind.HKP; }
        @Override public String text() { return "hkp:" + r + ":" + kpText(m1, n1, m2, n2); }
        /** The KP block of the other m - r rows. */
        public Kp kp() { return new Kp(m1, n1, m2, n2); }
        @Override public String misfit(int m, int n) {
            if (r >= m) return "hkp dense rows R must be in 0.." + (m - 1) + ", got " + r;
            boolean rowsOk = (long) m1 * m2 == m - r;
            boolean colsOk = (long) n1 * n2 == n;
            if (rowsOk && colsOk) return null;
            int sn1 = n % n1 == 0 ? n1 : n % n2 == 0 ? n / n2 : 1;
            StringBuilder sb = new StringBuilder();
            if (!rowsOk) {
                int[] legal = FactorShapes.hybridRanks(m, m2);
                if (legal.length == 0) {
                    sb.append("C has ").append(m2).append(" rows, more than the ").append(m).append(" rows of the matrix;");
                    sb.append(" M1*M2 must equal ").append(m).append(" - R");
                } else {
                    sb.append("with C of ").append(m2).append(" rows the legal R are ").append(FactorShapes.list(legal))
                            .append(" (").append(m).append(" - R a positive multiple of ").append(m2)
                            .append("), and then M1 = (").append(m).append(" - R)/").append(m2);
                    int best = legal[0];
                    for (int v : legal) if (Math.abs(v - r) < Math.abs(best - r)) best = v;
                    int bn1 = colsOk ? n1 : sn1;
                    sb.append("; e.g. hkp:").append(best).append(':').append((m - best) / m2).append('x').append(bn1)
                            .append(',').append(m2).append('x').append(n / bn1);
                }
            } else {
                sb.append("N1*N2 must equal ").append(n).append("; e.g. hkp:").append(r).append(':').append(m1).append('x').append(sn1)
                        .append(',').append(m2).append('x').append(n / sn1);
            }
            sb.append("; divisors of ").append(n).append(": ").append(FactorShapes.list(FactorShapes.divisors(n)));
            return sb.toString();
        }
        @Override public Footprint footprint(int m, int n) {
            long va = (long) r * n;
            return checked(this, m, n, new Footprint(new long[] {va, (long) m1 * n1, (long) m2 * n2}, 0,
                    va + Kron.macs(m1, n1, m2, n2), 0, Kron.intermediate(m1, n1, m2, n2), Kron.order(m1, n1, m2, n2),
                    Math.min(r + Kron.rankBound(m1, n1, m2, n2), Math.min(m, n))));
        }
    }

    /** B kron C plus a sparse overlay S of density d in (0, 1]: nnz(S) = round(d*m*n). */
    record Dkp(int m1, int n1, int m2, int n2, double density) implements TechniqueSpec {
        public Dkp {
            positive(m1, n1, m2, n2);
            if (!(density > 0 && density <= 1)) {
                throw new PlanException("dkp overlay density D must be in (0, 1] (a fraction of the matrix, e.g. 0.01), got "
                        + PlanText.number(density));
            }
        }
        @Override public TechniqueKind kind() { return TechniqueKind.DKP; }
        @Override public String text() { return "dkp:" + kpText(m1, n1, m2, n2) + ":" + PlanText.number(density); }
        /** The KP part. */
        public Kp kp() { return new Kp(m1, n1, m2, n2); }
        /** Non-zeros of the overlay on an m x n matrix: round(d*m*n). */
        public long nnz(int m, int n) { return nonZeros(density, (long) m * n); }
        @Override public String misfit(int m, int n) {
            if ((long) m1 * m2 == m && (long) n1 * n2 == n) return null;
            return kpMisfit(m, n, m1, n1, m2, n2, "d" + FactorShapes.suggestKp(m, n, m1, n1, m2, n2).text() + ":" + PlanText.number(density));
        }
        @Override public Footprint footprint(int m, int n) {
            long nnz = fits(m, n) ? nnz(m, n) : 0;
            return checked(this, m, n, new Footprint(new long[] {(long) m1 * n1, (long) m2 * n2, nnz}, nnz,
                    Kron.macs(m1, n1, m2, n2) + nnz, nnz, Kron.intermediate(m1, n1, m2, n2), Kron.order(m1, n1, m2, n2),
                    Kron.rankBound(m1, n1, m2, n2)));
        }
    }

    /** W = U V with U m x r, V r x n. */
    record Lmf(int rank) implements TechniqueSpec {
        public Lmf {
            if (rank < 1) throw new PlanException("lmf rank R must be at least 1, got " + rank);
        }
        @Override public TechniqueKind kind() { return TechniqueKind.LMF; }
        @Override public String text() { return "lmf:" + rank; }
        @Override public String misfit(int m, int n) {
            int full = Math.min(m, n);
            return rank > full ? "lmf rank R must be in 1.." + full + ", got " + rank : null;
        }
        @Override public Footprint footprint(int m, int n) {
            return checked(this, m, n, new Footprint(new long[] {(long) m * rank, (long) rank * n}, 0,
                    (long) rank * (m + n), 0, rank, null, Math.min(rank, Math.min(m, n))));
        }
    }

    /** Magnitude pruning at sparsity s in [0, 1): nnz = round((1-s)*m*n). */
    record Pruned(double sparsity) implements TechniqueSpec {
        public Pruned {
            if (!(sparsity >= 0 && sparsity < 1)) {
                throw new PlanException("prune sparsity S must be in [0, 1) (the fraction of weights removed, e.g. 0.9), got "
                        + PlanText.number(sparsity));
            }
        }
        @Override public TechniqueKind kind() { return TechniqueKind.PRUNE; }
        @Override public String text() { return "prune:" + PlanText.number(sparsity); }
        /** Kept weights on an m x n matrix: round((1-s)*m*n). */
        public long nnz(int m, int n) { return nonZeros(1 - sparsity, (long) m * n); }
        @Override public String misfit(int m, int n) { return null; }
        @Override public Footprint footprint(int m, int n) {
            long nnz = nnz(m, n);
            return new Footprint(new long[] {nnz}, nnz, nnz, nnz, 0, null, null);
        }
    }
}
