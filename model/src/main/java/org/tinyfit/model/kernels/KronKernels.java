package org.tinyfit.model.kernels;

/**
 * Float kernels for y = (B kron C) x without forming B kron C (docs/METHODS.md, "The vec trick"; int8: docs/FORMATS.md, "Int8 arithmetic"):
 * B is m1 x n1, C is m2 x n2 (row-major), x has n1*n2 values, y has m1*m2.
 * With X (n2 x n1), X[q][j] = x[j*n2 + q], Y = C X B^T (m2 x m1) and
 * y[i*m2 + p] = Y[p][i], so W[i*m2 + p][j*n2 + q] = B[i][j] * C[p][q].
 *
 * <ul>
 * <li>(C X) B^T: T = C X stored j-major, T[p][j] at t[j*m2 + p] (m2*n1 floats of scratch),
 *     T_j = sum_q x_j[q] C[:, q] with x_j = x[j*n2 .. j*n2 + n2), accumulated in q order (C^T makes
 *     the column contiguous); then y_i = sum_j B[i][j] T_j for the
 *     m2-block y_i = y[i*m2 ..), accumulated in j order. MACs m2*n2*n1 + m1*m2*n1 = n1*m2*(n2 + m1).</li>
 * <li>C (X B^T): Z_i = sum_j B[i][j] x_j at t[i*n2 ..) (m1*n2 floats), accumulated in j order;
 *     then y_i = sum_q Z_i[q] C[:, q], accumulated in q order (C^T, n2 x m2, makes the column
 *     contiguous). MACs m1*n1*n2 + m1*m2*n2 = n2*m1*(n1 + m2).</li>
 * </ul>
 * Each stage is one small product ({@link #rowsTimes}) over contiguous blocks of m2 or n2 outputs,
 * which the JIT vectorises. Every accumulation starts at 0 and adds in increasing index order, as
 * the C export does.
 */
public final class KronKernels {
    private KronKernels() { }

    /** Scratch floats for an order: m2*n1 for (C X) B^T, m1*n2 for C (X B^T). */
    public static int workSize(int m1, int n1, int m2, int n2, boolean cxFirst) {
        return cxFirst ? m2 * n1 : m1 * n2;
    }

    /** C^T (n2 x m2) of a row-major m2 x n2 C: its columns as contiguous rows. */
    public static float[] transpose(float[] c, int m2, int n2) {
        float[] ct = new float[m2 * n2];
        for (int p = 0; p < m2; p++) for (int q = 0; q < n2; q++) ct[q * m2 + p] = c[p * n2 + q];
        return ct;
    }

    /**
     * y[yOff ..) = (B kron C) x[xOff ..) in the given order; t[tOff ..) is scratch of
     * {@link #workSize}; {@code ct} is {@link #transpose C^T}.
     */
    public static void matvec(float[] b, int m1, int n1, float[] c, float[] ct, int m2, int n2, boolean cxFirst,
                              float[] x, int xOff, float[] y, int yOff, float[] t, int tOff) {
        if (cxFirst) {
            // T (n1 blocks of m2): T_j = sum_q x[j*n2 + q] C^T_q; then y_i = sum_j B[i][j] T_j
            rowsTimes(x, xOff, n1, n2, ct, 0, m2, t, tOff);
            rowsTimes(b, 0, m1, n1, t, tOff, m2, y, yOff);
        } else {
            // Z (m1 blocks of n2): Z_i = sum_j B[i][j] x_j; then y_i = sum_q Z_i[q] C^T_q
            rowsTimes(b, 0, m1, n1, x, xOff, n2, t, tOff);
            rowsTimes(t, tOff, m1, n2, ct, 0, m2, y, yOff);
        }
    }

    /**
     * out[outOff + r*len + p] = sum_{k &lt; kn} a[aOff + r*kn + k] * v[vOff + k*len + p] for r &lt; rows,
     * p &lt; len: a row-major rows x kn block times a kn x len block. Each output starts at 0 and adds
     * in k order (the order the C export uses); the p loop is contiguous, which the JIT vectorises,
     * and rows go in pairs that share each loaded v.
     */
    static void rowsTimes(float[] a, int aOff, int rows, int kn, float[] v, int vOff, int len, float[] out, int outOff) {
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            int a0 = aOff + r * kn, a1 = a0 + kn;
            int o0 = outOff + r * len, o1 = o0 + len;
            java.util.Arrays.fill(out, o0, o1 + len, 0f);
            for (int k = 0; k < kn; k++) {
                float s0 = a[a0 + k], s1 = a[a1 + k];
                int vk = vOff + k * len;
                for (int p = 0; p < len; p++) {
                    float vp = v[vk + p];
                    out[o0 + p] += s0 * vp;
                    out[o1 + p] += s1 * vp;
                }
            }
        }
        for (; r < rows; r++) {
            int ar = aOff + r * kn;
            int o = outOff + r * len;
            java.util.Arrays.fill(out, o, o + len, 0f);
            for (int k = 0; k < kn; k++) {
                float sk = a[ar + k];
                int vk = vOff + k * len;
                for (int p = 0; p < len; p++) out[o + p] += sk * v[vk + p];
            }
        }
    }

    /** W = B kron C, row-major (m1*m2) x (n1*n2), a new array. For reconstruction and tests. */
    public static float[] kron(float[] b, int m1, int n1, float[] c, int m2, int n2) {
        int n = n1 * n2;
        float[] w = new float[m1 * m2 * n];
        for (int i = 0; i < m1; i++)
            for (int p = 0; p < m2; p++) {
                int row = (i * m2 + p) * n;
                for (int j = 0; j < n1; j++) {
                    float bij = b[i * n1 + j];
                    for (int q = 0; q < n2; q++) w[row + j * n2 + q] = bij * c[p * n2 + q];
                }
            }
        return w;
    }
}
