package org.tinyfit.model.compress;

/**
 * What a plan asks for one weight matrix (m x n): the technique and its settings,
 * independent of any weights. The cost model works from these alone; the
 * technique implementations are built from them by projection or training.
 */
public sealed interface TechniqueSpec {

    /** Short id used in plans, tables and files: dense, kp, hkp, dkp, lmf, prune. */
    String id();

    /** Uncompressed. */
    record Dense() implements TechniqueSpec {
        @Override public String id() { return "dense"; }
    }

    /** W = B kron C with B m1 x n1 and C m2 x n2 (m1*m2 = m, n1*n2 = n). */
    record Kp(int m1, int n1, int m2, int n2) implements TechniqueSpec {
        @Override public String id() { return "kp"; }
    }

    /** First r rows dense, B kron C on the other m - r rows (m1*m2 = m - r, n1*n2 = n). */
    record Hkp(int r, int m1, int n1, int m2, int n2) implements TechniqueSpec {
        @Override public String id() { return "hkp"; }
    }

    /**
     * B kron C plus a sparse overlay S of density d in (0, 1]: nnz(S) = round(d*m*n).
     */
    record Dkp(int m1, int n1, int m2, int n2, double density) implements TechniqueSpec {
        @Override public String id() { return "dkp"; }
    }

    /** W = U V with U m x r, V r x n. */
    record Lmf(int rank) implements TechniqueSpec {
        @Override public String id() { return "lmf"; }
    }

    /** Magnitude pruning at sparsity s in [0, 1): nnz = round((1-s)*m*n). */
    record Pruned(double sparsity) implements TechniqueSpec {
        @Override public String id() { return "prune"; }
    }
}
