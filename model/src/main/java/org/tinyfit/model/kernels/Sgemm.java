package org.tinyfit.model.kernels;

/**
 * Batched float products over row-major flat arrays with explicit dimensions, offsets and
 * row strides (EJML style: output arrays passed in, no allocation). In the batched engine a
 * block of samples is stored feature-major: column b of an activation matrix is sample b, so
 * W (m x n, row-major as stored) times X (n x nb) needs no transposition.
 *
 * <p>Every output element is one chain of fused multiply-adds in increasing k order, starting
 * from 0 (or from the existing value when accumulating). The result of an element therefore does
 * not depend on the other columns, on how a batch is split into blocks or threads, or on whether
 * the Vector API is present ({@link Simd}).
 */
public final class Sgemm {
    private Sgemm() { }

    /**
     * C[cOff + i*ldc + j] = (accumulate ? C[cOff + i*ldc + j] : 0)
     *     + sum_{p &lt; k} A[aOff + i*lda + p] * B[bOff + p*ldb + j]   for i &lt; m, j &lt; n.
     */
    public static void sgemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        if (Simd.ENABLED) VecKernels.sgemm(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        else ScalarKernels.sgemm(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * A sparse matrix (CSR: row i's values {@code vals[k]} at columns {@code col[k]}, k in
     * [rowPtr[i], rowPtr[i+1])) times a dense block:
     * Y[yOff + i*ldy + j] = sum_k vals[k] * X[xOff + col[k]*ldx + j] for i &lt; m, j &lt; nb,
     * accumulated in k order from 0.
     */
    public static void csr(int m, int[] rowPtr, int[] col, float[] vals, float[] x, int xOff, int ldx, int nb,
                           float[] y, int yOff, int ldy) {
        if (m <= 0 || nb <= 0) return;
        if (Simd.ENABLED) VecKernels.csr(m, rowPtr, col, vals, x, xOff, ldx, nb, y, yOff, ldy);
        else ScalarKernels.csr(m, rowPtr, col, vals, x, xOff, ldx, nb, y, yOff, ldy);
    }

    /** The plain reference of {@link #sgemm}: one double accumulator per element. For tests. */
    public static void sgemmRef(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[cOff + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) s += (double) a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                c[cOff + i * ldc + j] = (float) s;
            }
    }

    /** Dst[dOff + j*ldd + i] = Src[sOff + i*lds + j] for i &lt; rows, j &lt; cols: a transpose between layouts. */
    public static void transpose(int rows, int cols, float[] src, int sOff, int lds, float[] dst, int dOff, int ldd) {
        final int t = 16;
        for (int i0 = 0; i0 < rows; i0 += t) {
            int i1 = Math.min(rows, i0 + t);
            for (int j0 = 0; j0 < cols; j0 += t) {
                int j1 = Math.min(cols, j0 + t);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++) dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
            }
        }
    }
}
