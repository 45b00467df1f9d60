package org.tinyfit.model.kernels;

/**
 * Compressed sparse row (CSR) kernels: row i holds the non-zeros
 * {@code vals[k]} at columns {@code col[k]} for k in [rowPtr[i], rowPtr[i+1]).
 */
public final class SparseKernels {
    private SparseKernels() { }

    /** y[yOff + i] (+)= sum_k vals[k] * x[xOff + col[k]] for i in [0, m); adds to y when {@code accumulate}. */
    public static void csrMatvec(int m, int[] rowPtr, int[] col, float[] vals, float[] x, int xOff,
                                 float[] y, int yOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            float s0 = 0f, s1 = 0f;
            int k = rowPtr[i];
            int end = rowPtr[i + 1];
            for (; k + 1 < end; k += 2) {
                s0 += vals[k] * x[xOff + col[k]];
                s1 += vals[k + 1] * x[xOff + col[k + 1]];
            }
            if (k < end) s0 += vals[k] * x[xOff + col[k]];
            float s = s0 + s1;
            y[yOff + i] = accumulate ? y[yOff + i] + s : s;
        }
    }

    /** Dense row-major m x n from CSR (a new array). */
    public static float[] toDense(int m, int n, int[] rowPtr, int[] col, float[] vals) {
        float[] w = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) w[i * n + col[k]] = vals[k];
        return w;
    }

    /** Checks a CSR structure: row pointers non-decreasing from 0 to nnz, columns in [0, n) and increasing per row. */
    public static void check(int m, int n, int[] rowPtr, int[] col, int nnz) {
        if (rowPtr.length != m + 1) throw new IllegalArgumentException("CSR needs " + (m + 1) + " row pointers, got " + rowPtr.length);
        if (col.length != nnz) throw new IllegalArgumentException("CSR has " + col.length + " column indices for " + nnz + " values");
        if (rowPtr[0] != 0 || rowPtr[m] != nnz) throw new IllegalArgumentException("CSR row pointers must run from 0 to " + nnz + ", got " + rowPtr[0] + ".." + rowPtr[m]);
        for (int i = 0; i < m; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) throw new IllegalArgumentException("CSR row pointers decrease at row " + i);
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                if (col[k] < 0 || col[k] >= n) throw new IllegalArgumentException("CSR column index " + col[k] + " is outside [0, " + n + ") in row " + i);
                if (k > rowPtr[i] && col[k] <= col[k - 1]) throw new IllegalArgumentException("CSR column indices must increase within row " + i);
            }
        }
    }
}
