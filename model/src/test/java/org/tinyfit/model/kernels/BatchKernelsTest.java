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

            int nH = 5;
            float[] g = rand(r, 4 * nH * ld), bias = rand(r, 4 * nH);
            for (int i = 0; i < g.length; i++) g[i] *= 4;
            float[] cv = rand(r, nH * ld), cs = cv.clone(), hv = new float[nH * ld], hs = new float[nH * ld];
            VecKernels.lstm(nH, nb, g, 0, ld, bias, cv, 0, ld, hv, 0, ld);
            ScalarKernels.lstm(nH, 0, nb, g, 0, ld, bias, cs, 0, ld, hs, 0, ld);
            assertArrayEquals(cs, cv);
            assertArrayEquals(hs, hv);

            float[] u = rand(r, 3 * nH * ld), rb = rand(r, nH);
            float[] h1 = rand(r, nH * ld), h2 = h1.clone();
            VecKernels.gruLbr(nH, nb, g, 0, ld, u, 0, ld, bias, rb, h1, 0, ld);
            ScalarKernels.gruLbr(nH, 0, nb, g, 0, ld, u, 0, ld, bias, rb, h2, 0, ld);
            assertArrayEquals(h2, h1);

            float[] g1 = g.clone(), g2 = g.clone(), r1 = new float[nH * ld], r2 = new float[nH * ld];
            VecKernels.gruZr(nH, nb, g1, 0, ld, bias, h1, 0, ld, r1, 0, ld);
            ScalarKernels.gruZr(nH, 0, nb, g2, 0, ld, bias, h2, 0, ld, r2, 0, ld);
            assertArrayEquals(g2, g1);
            assertArrayEquals(r2, r1);
            VecKernels.gruUpdate(nH, nb, g1, 0, ld, u, 0, ld, bias, 2, h1, 0, ld);
            ScalarKernels.gruUpdate(nH, 0, nb, g2, 0, ld, u, 0, ld, bias, 2, h2, 0, ld);
            assertArrayEquals(h2, h1);

            VecKernels.fastRnn(nH, nb, g, 0, ld, bias, 0.3f, 0.9f, h1, 0, ld);
            ScalarKernels.fastRnn(nH, 0, nb, g, 0, ld, bias, 0.3f, 0.9f, h2, 0, ld);
            assertArrayEquals(h2, h1);
            VecKernels.fastGrnn(nH, nb, g, 0, ld, bias, 0.2f, 0.7f, h1, 0, ld);
            ScalarKernels.fastGrnn(nH, 0, nb, g, 0, ld, bias, 0.2f, 0.7f, h2, 0, ld);
            assertArrayEquals(h2, h1);

            for (int act = 0; act < 4; act++) {
                float[] y1 = g.clone(), y2 = g.clone();
                VecKernels.biasAct(4 * nH, nb, y1, 0, ld, bias, act);
                ScalarKernels.biasAct(4 * nH, 0, nb, y2, 0, ld, bias, act);
                assertArrayEquals(y2, y1, "activation " + act);
            }
        }
    }
}
