package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.SparseKernels;

/**
 * The index of a sparse m x n matrix in compressed sparse row form: row i's
 * non-zeros are at positions k in [rowPtr[i], rowPtr[i+1]) with columns col[k]
 * (increasing within a row). Validated on construction. Arrays are not copied and
 * must not be modified.
 */
public record Csr(int rows, int cols, int[] rowPtr, int[] col) {
    public Csr {
        SparseKernels.check(rows, cols, rowPtr, col, col.length);
    }

    public int nnz() { return col.length; }

    /**
     * The index of the entries of an m x n matrix chosen by {@code keep} (flat
     * row-major positions, any order, no duplicates); returns the index and writes
     * the chosen positions in CSR order to {@code orderOut} (same length as keep).
     */
    public static Csr fromPositions(int m, int n, int[] keep, int[] orderOut) {
        int[] sorted = keep.clone();
        java.util.Arrays.sort(sorted);
        int[] rowPtr = new int[m + 1];
        int[] col = new int[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            int pos = sorted[k];
            if (k > 0 && pos == sorted[k - 1]) throw new IllegalArgumentException("duplicate position " + pos);
            rowPtr[pos / n + 1]++;
            col[k] = pos % n;
            orderOut[k] = pos;
        }
        for (int i = 0; i < m; i++) rowPtr[i + 1] += rowPtr[i];
        return new Csr(m, n, rowPtr, col);
    }

    /** Values of {@code dense} (row-major m x n) at the index's positions, in CSR order. */
    public float[] gather(float[] dense) {
        float[] v = new float[nnz()];
        for (int i = 0; i < rows; i++)
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) v[k] = dense[i * cols + col[k]];
        return v;
    }

    /** Dense row-major matrix with {@code vals} at the index's positions. */
    public float[] toDense(float[] vals) {
        return SparseKernels.toDense(rows, cols, rowPtr, col, vals);
    }
}
