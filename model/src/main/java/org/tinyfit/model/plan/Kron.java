package org.tinyfit.model.plan;

/**
 * The Kronecker-product arithmetic that plans, the cost model, factor-shape
 * enumeration and the kernels share (docs/METHODS.md, "Kronecker products").
 * W = B kron C with B m1 x n1 and C m2 x n2 is applied without forming W through
 * y = vec(C X B^T), X the n2 x n1 reshape of x, in one of two orders:
 * <ul>
 *   <li>{@link #CX_FIRST} (C X) B^T: n1*m2*n2 + m2*n1*m1 MACs, an m2 x n1 intermediate;</li>
 *   <li>{@link #XB_FIRST} C (X B^T): n2*n1*m1 + m2*n2*m1 MACs, an n2 x m1 intermediate.</li>
 * </ul>
 */
public final class Kron {
    /** The label of the order (C X) B^T. */
    public static final String CX_FIRST = "(CX)B^T";
    /** The label of the order C (X B^T). */
    public static final String XB_FIRST = "C(XB^T)";

    private Kron() { }

    /** KP mat-vec MACs in the cheaper order: min(n1*m2*(n2+m1), n2*m1*(n1+m2)). */
    public static long macs(int m1, int n1, int m2, int n2) {
        return Math.min((long) n1 * m2 * (n2 + m1), (long) n2 * m1 * (n1 + m2));
    }

    /**
     * Whether KP evaluates (C X) B^T (true) rather than C (X B^T): the cheaper
     * order; on a tie the smaller intermediate, then (C X) B^T.
     */
    public static boolean cxFirst(int m1, int n1, int m2, int n2) {
        long cx = (long) n1 * m2 * (n2 + m1);
        long xb = (long) n2 * m1 * (n1 + m2);
        if (cx != xb) return cx < xb;
        return (long) m2 * n1 <= (long) n2 * m1;
    }

    /** Values of the intermediate in the chosen order: m2*n1 for (C X) B^T, n2*m1 otherwise. */
    public static long intermediate(int m1, int n1, int m2, int n2) {
        return cxFirst(m1, n1, m2, n2) ? (long) m2 * n1 : (long) n2 * m1;
    }

    /** The label of the chosen order, {@link #CX_FIRST} or {@link #XB_FIRST}. */
    public static String order(int m1, int n1, int m2, int n2) {
        return cxFirst(m1, n1, m2, n2) ? CX_FIRST : XB_FIRST;
    }

    /** Rank bound of B kron C: rank(B kron C) = rank(B) rank(C) &lt;= min(m1,n1)*min(m2,n2). */
    public static int rankBound(int m1, int n1, int m2, int n2) {
        return Math.min(m1, n1) * Math.min(m2, n2);
    }
}
