package org.tinyfit.model.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batched kernels against plain references on random shapes (primes and 1s), and the Vector
 * API form against the scalar form, bit for bit.
 */
class BatchKernelsTest {
    static final int[] DIMS = {1, 2, 3, 5, 7, 8, 13, 16, 17, 31, 33, 64};

    static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Test void sgemmMatchesTheDoubleReference() {
        Random r = new Random(1);
        for (int m : DIMS) for (int n : DIMS) for (int k : new int[] {1, 4, 13, 40}) {
            for (boolean acc : new boolean[] {false, true}) {
                int lda = k + 3, ldb = n + 2, ldc = n + 5;
                float[] a = rand(r, 2 + m * lda), b = rand(r, 1 + k * ldb), c0 = rand(r, 4 + m * ldc);
                float[] c = c0.clone(), ref = c0.clone();
                Sgemm.sgemm(m, n, k, a, 2, lda, b, 1, ldb, c, 4, ldc, acc);
                Sgemm.sgemmRef(m, n, k, a, 2, lda, b, 1, ldb, ref, 4, ldc, acc);
                for (int i = 0; i < c.length; i++) {
                    assertTrue(Math.abs(c[i] - ref[i]) <= 1e-5 * (k + 1), m + "x" + n + "x" + k + " at " + i + ": " + c[i] + " vs " + ref[i]);
                }
            }
        }
    }

    @Test void csrTimesABlockMatchesTheDenseProduct() {
        Random r = new Random(2);
        int m = 11, n = 17;
        for (int nb : DIMS) {
            float[] w = rand(r, m * n);
            for (int i = 0; i < w.length; i++) if (r.nextDouble() < 0.6) w[i] = 0f;
            int[] rowPtr = new int[m + 1];
            int nnz = 0;
            for (float v : w) if (v != 0f) nnz++;
            int[] col = new int[nnz];
            float[] vals = new float[nnz];
            int k = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) if (w[i * n + j] != 0f) { col[k] = j; vals[k++] = w[i * n + j]; }
                rowPtr[i + 1] = k;
            }
            float[] x = rand(r, n * (nb + 1)), y = new float[m * (nb + 2)], ref = new float[m * (nb + 2)];
            Sgemm.csr(m, rowPtr, col, vals, x, 0, nb + 1, nb, y, 0, nb + 2);
            Sgemm.sgemmRef(m, nb, n, w, 0, n, x, 0, nb + 1, ref, 0, nb + 2, false);
            for (int i = 0; i < y.length; i++) assertTrue(Math.abs(y[i] - ref[i]) < 1e-5, "nb " + nb + " at " + i);
        }
    }

    @Test void floatExpSigmoidAndTanhAreWithinAFewUlps() {
        double worstExp = 0, worstSig = 0, worstTanh = 0;
        for (double v = -80; v <= 80; v += 0.001) {
            float x = (float) v;
            worstExp = Math.max(worstExp, Math.abs(BlockKernels.exp(x) / Math.exp(x) - 1));
            worstSig = Math.max(worstSig, Math.abs(BlockKernels.sigmoid(x) - 1 / (1 + Math.exp(-x))));
            worstTanh = Math.max(worstTanh, Math.abs(BlockKernels.tanh(x) - Math.tanh(x)));
        }
        assertTrue(worstExp < 4e-7, "exp relative error " + worstExp);
        assertTrue(worstSig < 2e-7, "sigmoid error " + worstSig);
        assertTrue(worstTanh < 4e-7, "tanh error " + worstTanh);
        assertTrue(BlockKernels.sigmoid(-1000f) == 0f || BlockKernels.sigmoid(-1000f) < 1e-37f);
        assertTrue(BlockKernels.tanh(1000f) == 1f && BlockKernels.tanh(-1000f) == -1f);
    }

    @Test void vectorAndScalarFormsGiveTheSameBits() {
        if (!Simd.ENABLED) return; // nothing to compare without the module
        Random r = new Random(3);
        for (int nb : DIMS) {
            int m = 13, k = 21, ld = nb + 3;
            float[] a = rand(r, m * k), b = rand(r, k * ld), c1 = rand(r, m * ld), c2 = c1.clone();
            VecKernels.sgemm(m, nb, k, a, 0, k, b, 0, ld, c1, 0, ld, true);
            ScalarKernels.sgemm(m, nb, k, a, 0, k, b, 0, ld, c2, 0, ld, true);
            assertArrayEquals(c2, c1, "sgemm nb " + nb);

            float[] v = rand(r, 3 * ld);
            for (int i = 0; i < v.length; i++) v[i] *= 30;
            float[] v1 = v.clone(), v2 = v.clone();
            VecKernels.sigmoidBias(v1, 1, nb, 0.25f);
            ScalarKernels.sigmoidBias(v2, 1, nb, 0.25f);
            assertArrayEquals(v2, v1, "sigmoid nb " + nb);
            VecKernels.tanhBias(v1, 2, 2 * nb, -0.5f);
            ScalarKernels.tanhBias(v2, 2, 2 * nb, -0.5f);
            assertArrayEquals(v2, v1, "tanh nb " + nb);

            int nH = 5;
            float[] g = rand(r, 4 * nH * ld), bias = rand(r, 4 * nH);
            for (int i = 0; i < g.length; i++) g[i] *= 4;
            float[] cv = rand(r, nH * ld), cs = cv.clone(), hv = new float[nH * ld], hs = new float[nH * ld];
            VecKernels.lstm(nH, nb, g.clone(), 0, ld, bias, cv, 0, ld, hv, 0, ld);
            ScalarKernels.lstm(nH, 0, nb, g, 0, ld, bias, cs, 0, ld, hs, 0, ld);
            assertArrayEquals(cs, cv, "lstm c nb " + nb);
            assertArrayEquals(hs, hv, "lstm h nb " + nb);
            // the LSTM backward step (training): vector and scalar forms, the same bits
            float[] act = rand(r, 4 * nH * ld), tcb = rand(r, nH * ld), cpb = rand(r, nH * ld), dhb = rand(r, nH * ld);
            for (boolean first : new boolean[] {false, true}) {
                float[] dc1 = rand(r, nH * ld), dc2 = dc1.clone(), dp1 = new float[4 * nH * ld], dp2 = new float[4 * nH * ld];
                VecKernels.lstmBackward(nH, nb, act, 0, ld, cpb, first ? -1 : 0, tcb, 0, dhb, 0, ld, dc1, 0, dp1);
                ScalarKernels.lstmBackward(nH, 0, nb, act, 0, ld, cpb, first ? -1 : 0, tcb, 0, dhb, 0, ld, dc2, 0, dp2);
                assertArrayEquals(dp2, dp1, "lstm backward nb " + nb);
                assertArrayEquals(dc2, dc1, "lstm backward dC nb " + nb);
            }


            // quantization: values on rounding boundaries (k + 0.5 code steps), an all-zero column
            int rows = 9;
            float[] xq = rand(r, rows * ld);
            for (int i = 0; i < rows; i++) xq[i * ld] = 0f;
            for (int i = 0; i < xq.length; i += 3) xq[i] = (float) Math.floor(xq[i] * 40) / 2f;
            float[] s1 = new float[ld], s2 = new float[ld], q1 = new float[rows * ld], q2 = new float[rows * ld];
            VecKernels.scales(rows, nb, xq, 0, ld, s1, 0);
            ScalarKernels.scales(rows, 0, nb, xq, 0, ld, s2, 0);
            assertArrayEquals(s2, s1, "scales nb " + nb);
            VecKernels.quantize(rows, nb, xq, 0, ld, s1, 0, q1, 0, ld);
            ScalarKernels.quantize(rows, 0, nb, xq, 0, ld, s2, 0, q2, 0, ld);
            assertArrayEquals(q2, q1, "quantize nb " + nb);
            float[] d1 = rand(r, rows * ld), d2 = d1.clone();
            VecKernels.scaleColumns(rows, nb, q2, 0, ld, 0.37f, s1, 0, d1, 0, ld, true);
            ScalarKernels.scaleColumns(rows, 0, nb, q2, 0, ld, 0.37f, s2, 0, d2, 0, ld, true);
            assertArrayEquals(d2, d1, "scaleColumns nb " + nb);

            int m2 = 7;
            int[] rowPtr = {0, 2, 2, 5, 6, 9, 10, 12};
            int[] col = {0, 20, 3, 4, 19, 7, 1, 2, 15, 8, 0, 9};
            float[] vals = rand(r, 12), y1 = new float[m2 * ld], y2 = new float[m2 * ld];
            VecKernels.csr(m2, rowPtr, col, vals, b, 0, ld, nb, y1, 0, ld);
            ScalarKernels.csr(m2, rowPtr, col, vals, b, 0, ld, nb, y2, 0, ld);
            assertArrayEquals(y2, y1, "csr nb " + nb);
        }
    }
}
