package org.tinyfit.model.plan;


/**
 * One Kronecker factor shape of an m x n matrix: B is m1 x n1, C is m2 x n2
 * (m1*m2 = m, n1*n2 = n), with the numbers the explorer shows beside it
 * (formulas in docs/COST_MODEL.md).
 *
 * @param params      stored values m1*n1 + m2*n2
 * @param compression m*n / params
 * @param macs        mat-vec MACs in the cheaper order, {@link Kron#macs}
 * @param cxFirst     whether the cheaper order is (C X) B^T ({@link Kron#cxFirst})
 * @param rankBound   min(m1,n1)*min(m2,n2), an upper bound of rank(B kron C)
 * @param paretoRank  on the Pareto front of (params min, rank bound max) among the non-trivial shapes
 * @param paretoMacs  on the Pareto front of (params min, MACs min) among the non-trivial shapes
 * @param trivial     B or C is 1x1: W is a scaled copy of the other factor, i.e. a dense matrix
 *                    with one extra value; listed but never on a Pareto front
 */
public record KpShape(int m1, int n1, int m2, int n2, long params, double compression, long macs,
                      boolean cxFirst, int rankBound, boolean paretoRank, boolean paretoMacs, boolean trivial) {

    /** Rows of the full matrix, m1*m2. */
    public int m() { return m1 * m2; }

    /** Columns of the full matrix, n1*n2. */
    public int n() { return n1 * n2; }

    /** The evaluation order, {@link Kron#CX_FIRST} or {@link Kron#XB_FIRST}. */
    public String order() { return cxFirst ? Kron.CX_FIRST : Kron.XB_FIRST; }

    /** Intermediate values of the chosen order: m2*n1 for (C X) B^T, n2*m1 otherwise. */
    public long intermediate() { return cxFirst ? (long) m2 * n1 : (long) n2 * m1; }

    /** On either Pareto front. */
    public boolean pareto() { return paretoRank || paretoMacs; }

    /** The technique of this shape. */
    public TechniqueSpec.Kp spec() { return new TechniqueSpec.Kp(m1, n1, m2, n2); }

    /** The plan text of this shape, e.g. {@code kp:8x4,64x39}. */
    public String text() { return "kp:" + m1 + "x" + n1 + "," + m2 + "x" + n2; }
}
