package org.tinyfit.model.compress;

import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import org.ejml.data.DMatrixRMaj;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.LinearOp;

/**
 * Projections of a trained dense W (m x n, row-major) onto each technique's
 * structure, without retraining (docs/METHODS.md):
 * <ul>
 * <li>KP: the nearest B kron C in Frobenius norm (Van Loan-Pitsianis): rearrange W
 *     into R (m1*n1 x m2*n2), R[i*n1 + j][p*n2 + q] = W[i*m2 + p][j*n2 + q], so that
 *     R(B kron C) = vec(B) vec(C)^T; B = sqrt(s1) u1, C = sqrt(s1) v1 from the top
 *     singular pair; the error is sqrt(sum_{k&gt;=2} s_k^2). The sign makes the sum of
 *     u1 non-negative.</li>
 * <li>HKP: copy the first r rows, fit the KP to the other m - r.</li>
 * <li>DKP: nearest KP, then the round(d m n) largest-magnitude entries of the residual.</li>
 * <li>LMF: truncated SVD, U = U_r sqrt(S_r), V = sqrt(S_r) V_r^T.</li>
 * <li>Pruned: keep the round((1-s) m n) largest-magnitude weights.</li>
 * </ul>
 * Ties in magnitude are broken by position (earlier first), so results are
 * deterministic. Quantization to the plan's bits is applied after the projection.
 */
public final class Projection {
    private Projection() { }

    /** The best B kron C and the singular values of the rearrangement. */
    public record KpFit(float[] b, float[] c, double[] sigma) {
        /** ||W - B kron C||_F = sqrt(sum_{k &gt;= 2} sigma_k^2). */
        public double error() {
            double t = 0;
            for (int i = 1; i < sigma.length; i++) t += sigma[i] * sigma[i];
            return Math.sqrt(t);
        }

        /** ||W||_F. */
        public double norm() {
            double t = 0;
            for (double s : sigma) t += s * s;
            return Math.sqrt(t);
        }
    }

    /** The Van Loan-Pitsianis rearrangement R of W for the factor shape. */
    public static DMatrixRMaj rearrange(float[] w, int m, int n, int m1, int n1, int m2, int n2) {
        checkKp(m, n, m1, n1, m2, n2);
        DMatrixRMaj r = new DMatrixRMaj(m1 * n1, m2 * n2);
        double[] d = r.data;
        int rc = m2 * n2;
        for (int i = 0; i < m1; i++)
            for (int j = 0; j < n1; j++) {
                int row = (i * n1 + j) * rc;
                for (int p = 0; p < m2; p++) {
                    int wRow = (i * m2 + p) * n + j * n2;
                    for (int q = 0; q < n2; q++) d[row + p * n2 + q] = w[wRow + q];
                }
            }
        return r;
    }

    /** Singular values of the rearrangement: how much of W any KP of this shape can capture. */
    public static double[] kpSpectrum(float[] w, int m, int n, int m1, int n1, int m2, int n2) {
        return Svd.of(rearrange(w, m, n, m1, n1, m2, n2), false).sigma();
    }

    public static KpFit nearestKp(float[] w, int m, int n, int m1, int n1, int m2, int n2) {
        Svd svd = Svd.of(rearrange(w, m, n, m1, n1, m2, n2), true);
        double s1 = svd.sigma()[0];
        double root = Math.sqrt(s1);
        DMatrixRMaj u = svd.u(), v = svd.v();
        double sum = 0;
        for (int k = 0; k < m1 * n1; k++) sum += u.get(k, 0);
        double sign = sum < 0 ? -1 : 1;
        float[] b = new float[m1 * n1];
        float[] c = new float[m2 * n2];
        for (int k = 0; k < b.length; k++) b[k] = (float) (sign * root * u.get(k, 0));
        for (int k = 0; k < c.length; k++) c[k] = (float) (sign * root * v.get(k, 0));
        return new KpFit(b, c, svd.sigma());
    }

    public static KpOp kp(float[] w, int m, int n, TechniqueSpec.Kp s) {
        KpFit f = nearestKp(w, m, n, s.m1(), s.n1(), s.m2(), s.n2());
        return KpOp.of(f.b(), s.m1(), s.n1(), f.c(), s.m2(), s.n2());
    }

    public static HkpOp hkp(float[] w, int m, int n, TechniqueSpec.Hkp s) {
        s.requireFits(m, n);
        int r = s.r();
        float[] a = java.util.Arrays.copyOf(w, r * n);
        float[] lower = java.util.Arrays.copyOfRange(w, r * n, m * n);
        KpOp kp = kp(lower, m - r, n, s.kp());
        return new HkpOp(QTensor.of("a", a, r, n), kp);
    }

    public static DkpOp dkp(float[] w, int m, int n, TechniqueSpec.Dkp s) {
        s.requireFits(m, n);
        KpOp kp = kp(w, m, n, s.kp());
        float[] res = kp.toDense();
        for (int k = 0; k < res.length; k++) res[k] = w[k] - res[k];
        int nnz = (int) s.nnz(m, n);
        int[] keep = largest(res, nnz);
        int[] order = new int[nnz];
        Csr idx = Csr.fromPositions(m, n, keep, order);
        float[] vals = idx.gather(res);
        return new DkpOp(kp, idx, QTensor.of("s", vals, 1, nnz), s.density());
    }

    public static LmfOp lmf(float[] w, int m, int n, TechniqueSpec.Lmf s) {
        s.requireFits(m, n);
        int r = s.rank();
        DMatrixRMaj a = new DMatrixRMaj(m, n);
        for (int k = 0; k < w.length; k++) a.data[k] = w[k];
        Svd svd = Svd.of(a, true);
        float[] u = new float[m * r];
        float[] v = new float[r * n];
        for (int k = 0; k < r; k++) {
            double root = Math.sqrt(svd.sigma()[k]);
            for (int i = 0; i < m; i++) u[i * r + k] = (float) (svd.u().get(i, k) * root);
            for (int j = 0; j < n; j++) v[k * n + j] = (float) (svd.v().get(j, k) * root);
        }
        return new LmfOp(QTensor.of("u", u, m, r), QTensor.of("v", v, r, n), false);
    }

    public static PrunedOp prune(float[] w, int m, int n, TechniqueSpec.Pruned s) {
        int nnz = (int) s.nnz(m, n);
        int[] keep = largest(w, nnz);
        int[] order = new int[nnz];
        Csr idx = Csr.fromPositions(m, n, keep, order);
        return new PrunedOp(idx, QTensor.of("values", idx.gather(w), 1, nnz), false);
    }

    /**
     * Projects W onto a plan entry: the technique's projection, then quantization of
     * every tensor to the plan's bits; {@code int8Activations} selects the integer
     * kernels. Dense float32 with float activations is a {@link DenseOp}.
     */
    public static LinearOp project(float[] w, int m, int n, MatrixPlan plan, boolean int8Activations) {
        if (w.length != (long) m * n) throw new IllegalArgumentException("matrix has " + w.length + " values, shape " + m + "x" + n);
        TechniqueSpec t = plan.technique();
        t.requireFits(m, n);
        CompressedOp op;
        if (t instanceof TechniqueSpec.Dense) {
            op = plan.bits() == 32 && !int8Activations ? null : new QuantDenseOp(QTensor.of("w", w.clone(), m, n), false);
        } else if (t instanceof TechniqueSpec.Kp s) {
            op = kp(w, m, n, s);
        } else if (t instanceof TechniqueSpec.Hkp s) {
            op = hkp(w, m, n, s);
        } else if (t instanceof TechniqueSpec.Dkp s) {
            op = dkp(w, m, n, s);
        } else if (t instanceof TechniqueSpec.Lmf s) {
            op = lmf(w, m, n, s);
        } else {
            op = prune(w, m, n, (TechniqueSpec.Pruned) t);
        }
        if (op == null) return new DenseOp(w.clone(), m, n);
        return op.withBits(plan.bits()).withInt8Activations(int8Activations);
    }

    /** Positions of the k largest |v| (ties: lower position first), in no particular order. */
    static int[] largest(float[] v, int k) {
        if (k < 0 || k > v.length) throw new IllegalArgumentException("cannot keep " + k + " of " + v.length + " values");
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            float a = Math.abs(v[i]);
            if (Float.isNaN(a)) throw new ProjectionException("the matrix holds NaN values");
            // |v| bits order like the floats; ~i makes lower positions larger on ties
            keys[i] = ((long) Float.floatToIntBits(a) << 32) | (~i & 0xffffffffL);
        }
        java.util.Arrays.sort(keys);
        int[] out = new int[k];
        for (int t = 0; t < k; t++) out[t] = ~(int) (keys[keys.length - 1 - t] & 0xffffffffL);
        return out;
    }

    static void checkKp(int m, int n, int m1, int n1, int m2, int n2) {
        if (m1 <= 0 || n1 <= 0 || m2 <= 0 || n2 <= 0 || (long) m1 * m2 != m || (long) n1 * n2 != n) {
            throw new IllegalArgumentException("KP factors B " + m1 + "x" + n1 + " and C " + m2 + "x" + n2
                    + " do not give a " + m + "x" + n + " matrix (m1*m2 must be " + m + ", n1*n2 must be " + n + ")");
        }
    }
}
