package org.tinyfit.model.compress;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Compact singular value decomposition A = U diag(sigma) V^T in double precision
 * (EJML), singular values in descending order. U is rows x k, V is cols x k,
 * k = min(rows, cols).
 */
public record Svd(DMatrixRMaj u, double[] sigma, DMatrixRMaj v) {

    /** Decomposes {@code a} (not modified). Throws {@link ProjectionException} when the SVD fails or the input is not finite. */
    public static Svd of(DMatrixRMaj a, boolean needVectors) {
        for (double d : a.data) {
            if (!Double.isFinite(d)) throw new ProjectionException("the matrix holds NaN or infinite values; no SVD");
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(a.numRows, a.numCols, needVectors, needVectors, true);
        DMatrixRMaj in = svd.inputModified() ? a.copy() : a;
        if (!svd.decompose(in)) throw new ProjectionException("the SVD of a " + a.numRows + "x" + a.numCols + " matrix did not converge");
        int k = Math.min(a.numRows, a.numCols);
        if (!needVectors) {
            double[] s = java.util.Arrays.copyOf(svd.getSingularValues(), k);
            java.util.Arrays.sort(s);
            for (int i = 0; i < k / 2; i++) { double t = s[i]; s[i] = s[k - 1 - i]; s[k - 1 - i] = t; }
            return new Svd(null, s, null);
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        double[] s = new double[k];
        for (int i = 0; i < k; i++) s[i] = w.get(i, i);
        return new Svd(u, s, v);
    }

    /** sqrt(sum_{i >= from} sigma_i^2): the Frobenius error of the best rank-{@code from} approximation. */
    public double tail(int from) {
        double t = 0;
        for (int i = from; i < sigma.length; i++) t += sigma[i] * sigma[i];
        return Math.sqrt(t);
    }
}
