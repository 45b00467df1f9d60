package org.tinyfit.model.kernels;

/**
 * Float kernels for y = (B kron C) x without forming B kron C (COST_MODEL.md):
 * B is m1 x n1, C is m2 x n2 (row-major), x has n1*n2 values, y has m1*m2.
 * With X (n2 x n1), X[q][j] = x[j*n2 + q], Y = C X B^T (m2 x m1) and
 * y[i*m2 + p] = Y[p][i], so W[i*m2 + p][j*n2 + q] = B[i][j] * C[p][q].
 *
 * <ul>
 * <li>(C X) B^T: T = C X stored as T[p][j] at t[p*n1 + j] (m2*n1 floats of scratch),
 *     T[p][j] = C_p . x_j with x_j = x[j*n2 .. j*n2 + n2); then y[i*m2 + p] = B_i . T_p.
 *     MACs m2*n2*n1 + m1*m2*n1 = n1*m2*(n2 + m1).</li>
 * <li>C (X B^T): Z = (X B^T)^T stored as Z[i][q] at t[i*n2 + q] (m1*n2 floats),
 *     Z_i = sum_j B[i][j] x_j; then y[i*m2 + p] = C_p . Z_i.
 *     MACs m1*n1*n2 + m1*m2*n2 = n2*m1*(n1 + m2).</li>
 * </ul>
 * Every dot product uses four accumulators ({@link #dot}).
 */
public final class KronKernels {
    private KronKernels() { }

    /** Scratch floats for an order: m2*n1 for (C X) B^T, m1*n2 for C (X B^T). */
    public static int workSize(int m1, int n1, int m2, int n2, boolean cxFirst) {
        return cxFirst ? m2 * n1 : m1 * n2;
    }

    /** y[yOff ..) = (B kron C) x[xOff ..) in the given order; t[tOff ..) is scratch of {@link #workSize}. */
    public static void matvec(float[] b, int m1, int n1, float[] c, int m2, int n2, boolean cxFirst,
                              float[] x, int xOff, float[] y, int yOff, float[] t, int tOff) {
        if (cxFirst) {
            for (int p = 0; p < m2; p++) {
                int cRow = p * n2;
                int tRow = tOff + p * n1;
                for (int j = 0; j < n1; j++) {
                    t[tRow + j] = dot(c, cRow, x, xOff + j * n2, n2);
                }
            }
            for (int i = 0; i < m1; i++) {
                int bRow = i * n1;
                int yRow = yOff + i * m2;
                for (int p = 0; p < m2; p++) {
                    y[yRow + p] = dot(b, bRow, t, tOff + p * n1, n1);
                }
            }
        } else {
            for (int i = 0; i < m1; i++) {
                int zRow = tOff + i * n2;
                java.util.Arrays.fill(t, zRow, zRow + n2, 0f);
                int bRow = i * n1;
                for (int j = 0; j < n1; j++) {
                    float bij = b[bRow + j];
                    if (bij == 0f) continue;
                    int xj = xOff + j * n2;
                    for (int q = 0; q < n2; q++) t[zRow + q] += bij * x[xj + q];
                }
            }
            for (int i = 0; i < m1; i++) {
                int zRow = tOff + i * n2;
                int yRow = yOff + i * m2;
                for (int p = 0; p < m2; p++) {
                    y[yRow + p] = dot(c, p * n2, t, zRow, n2);
                }
            }
        }
    }

    /** sum_k a[aOff + k] * b[bOff + k] for k in [0, len), four accumulators. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int len4 = len & ~3;
        int k = 0;
        for (; k < len4; k += 4) {
            s0 += a[aOff + k] * b[bOff + k];
            s1 += a[aOff + k + 1] * b[bOff + k + 1];
            s2 += a[aOff + k + 2] * b[bOff + k + 2];
            s3 += a[aOff + k + 3] * b[bOff + k + 3];
        }
        for (; k < len; k++) s0 += a[aOff + k] * b[bOff + k];
        return (s0 + s1) + (s2 + s3);
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
