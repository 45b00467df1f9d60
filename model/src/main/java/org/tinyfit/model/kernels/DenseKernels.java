package org.tinyfit.model.kernels;

/**
 * Dense float kernels over row-major flat arrays with explicit dimensions
 * (EJML style: inputs, sizes and output arrays passed in; no allocation).
 */
public final class DenseKernels {
    private DenseKernels() { }

    /**
     * y[yOff + i] = sum_j W[i*n + j] * x[xOff + j] for i in [0, m): a row-major
     * m x n matrix times a vector, four accumulators per row.
     */
    public static void matvec(float[] w, int m, int n, float[] x, int xOff, float[] y, int yOff) {
        matvecBlock(w, n, 0, m, 0, n, x, xOff, y, yOff);
    }

    /**
     * Block of a row-major matrix with row stride {@code n} (its full column count):
     * y[yOff + i - r0] = sum_{j in [c0,c1)} W[i*n + j] * x[xOff + j - c0] for i in [r0, r1).
     */
    public static void matvecBlock(float[] w, int n, int r0, int r1, int c0, int c1,
                                   float[] x, int xOff, float[] y, int yOff) {
        int len = c1 - c0;
        int len4 = len & ~3;
        for (int i = r0; i < r1; i++) {
            int row = i * n + c0;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int j = 0;
            for (; j < len4; j += 4) {
                s0 += w[row + j] * x[xOff + j];
                s1 += w[row + j + 1] * x[xOff + j + 1];
                s2 += w[row + j + 2] * x[xOff + j + 2];
                s3 += w[row + j + 3] * x[xOff + j + 3];
            }
            for (; j < len; j++) {
                s0 += w[row + j] * x[xOff + j];
            }
            y[yOff + i - r0] = (s0 + s1) + (s2 + s3);
        }
    }

    /** Plain reference: one accumulator, double precision. For tests. */
    public static void matvecRef(float[] w, int m, int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += (double) w[i * n + j] * x[xOff + j];
            }
            y[yOff + i] = (float) s;
        }
    }

    /**
     * Batched product Y = X W^T: X is batch x n (row-major), W is m x n, Y is batch x m.
     * Each weight row is reused across the whole batch while it is in cache.
     */
    public static void matmulT(float[] x, int batch, float[] w, int m, int n, float[] y) {
        int n4 = n & ~3;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            for (int b = 0; b < batch; b++) {
                int xr = b * n;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int j = 0;
                for (; j < n4; j += 4) {
                    s0 += w[row + j] * x[xr + j];
                    s1 += w[row + j + 1] * x[xr + j + 1];
                    s2 += w[row + j + 2] * x[xr + j + 2];
                    s3 += w[row + j + 3] * x[xr + j + 3];
                }
                for (; j < n; j++) {
                    s0 += w[row + j] * x[xr + j];
                }
                y[b * m + i] = (s0 + s1) + (s2 + s3);
            }
        }
    }
}
