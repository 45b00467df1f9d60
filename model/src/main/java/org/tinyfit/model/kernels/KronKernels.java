package org.tinyfit.model.kernels;

/**
 * Float kernels for y = (B kron C) x without forming B kron C (COST_MODEL.md):
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
 * Every loop runs over a contiguous block of m2 or n2 outputs (y += a * v), which the JIT
 * vectorises; two output blocks share each loaded vector in the second stage. Every accumulation starts
 * at 0 and adds in increasing index order, as the C export does.
 */
public final class KronKernels {
    private KronKernels() { }

    /** Scratch floats for an order: m2*n1 for (C X) B^T, m1*n2 for C (X B^T). */
    public static int workSize(int m1, int n1, int m2, int n2, boolean cxFirst) {
        return cxFirst ? m2 * n1 : m1 * n2;
    }

    /** C^T (n2 x m2) of a row-major m2 x n2 C, for the C (X B^T) order. */
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
            // T_j = sum_q x_j[q] C[:, q], accumulated in q order over contiguous m2-blocks
            int jj = 0;
            for (; jj + 1 < n1; jj += 2) {
                int x0 = xOff + jj * n2, x1 = x0 + n2;
                int t0 = tOff + jj * m2, t1 = t0 + m2;
                java.util.Arrays.fill(t, t0, t1 + m2, 0f);
                for (int q = 0; q < n2; q++) {
                    float a0 = x[x0 + q], a1 = x[x1 + q];
                    int cq = q * m2;
                    for (int p = 0; p < m2; p++) {
                        float cp = ct[cq + p];
                        t[t0 + p] += a0 * cp;
                        t[t1 + p] += a1 * cp;
                    }
                }
            }
            for (; jj < n1; jj++) {
                int xj = xOff + jj * n2;
                int tj = tOff + jj * m2;
                java.util.Arrays.fill(t, tj, tj + m2, 0f);
                for (int q = 0; q < n2; q++) {
                    float xq = x[xj + q];
                    int cq = q * m2;
                    for (int p = 0; p < m2; p++) t[tj + p] += xq * ct[cq + p];
                }
            }
            // two output blocks at a time share each T_j (each y still sums over j in order)
            int i = 0;
            for (; i + 1 < m1; i += 2) {
                int y0 = yOff + i * m2, y1 = y0 + m2;
                java.util.Arrays.fill(y, y0, y1 + m2, 0f);
                int b0 = i * n1, b1 = b0 + n1;
                for (int j = 0; j < n1; j++) {
                    float a0 = b[b0 + j], a1 = b[b1 + j];
                    int tj = tOff + j * m2;
                    for (int p = 0; p < m2; p++) {
                        float tp = t[tj + p];
                        y[y0 + p] += a0 * tp;
                        y[y1 + p] += a1 * tp;
                    }
                }
            }
            for (; i < m1; i++) {
                int yRow = yOff + i * m2;
                java.util.Arrays.fill(y, yRow, yRow + m2, 0f);
                int bRow = i * n1;
                for (int j = 0; j < n1; j++) {
                    float bij = b[bRow + j];
                    int tj = tOff + j * m2;
                    for (int p = 0; p < m2; p++) y[yRow + p] += bij * t[tj + p];
                }
            }
        } else {
            for (int i = 0; i < m1; i++) {
                int zRow = tOff + i * n2;
                java.util.Arrays.fill(t, zRow, zRow + n2, 0f);
                int bRow = i * n1;
                for (int j = 0; j < n1; j++) {
                    float bij = b[bRow + j];
                    int xj = xOff + j * n2;
                    for (int q = 0; q < n2; q++) t[zRow + q] += bij * x[xj + q];
                }
            }
            // two output blocks at a time share each column of C (each y still sums over q in order)
            int i = 0;
            for (; i + 1 < m1; i += 2) {
                int z0 = tOff + i * n2, z1 = z0 + n2;
                int y0 = yOff + i * m2, y1 = y0 + m2;
                java.util.Arrays.fill(y, y0, y1 + m2, 0f);
                for (int q = 0; q < n2; q++) {
                    float a0 = t[z0 + q], a1 = t[z1 + q];
                    int cq = q * m2;
                    for (int p = 0; p < m2; p++) {
                        float cp = ct[cq + p];
                        y[y0 + p] += a0 * cp;
                        y[y1 + p] += a1 * cp;
                    }
                }
            }
            for (; i < m1; i++) {
                int zRow = tOff + i * n2;
                int yRow = yOff + i * m2;
                java.util.Arrays.fill(y, yRow, yRow + m2, 0f);
                for (int q = 0; q < n2; q++) {
                    float zq = t[zRow + q];
                    int cq = q * m2;
                    for (int p = 0; p < m2; p++) y[yRow + p] += zq * ct[cq + p];
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
