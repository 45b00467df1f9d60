package org.tinyfit.model.compress;

import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.kernels.KronKernels;
import org.tinyfit.model.net.LinearOp;

/**
 * The int8 kernels against a reference written here from the documented rules
 * (dynamic per-call input scale max|x|/127, round half away from zero in float,
 * int32 sums, accumulator * (s_w * s_x), intermediate re-quantized from its float
 * values): results must be equal bit for bit. Also: close to the float result.
 */
class Int8KernelsTest {

    static int rnd(float v) { return v >= 0f ? (int) (v + 0.5f) : (int) (v - 0.5f); }

    /** Quantizes v to int8 by the rule; returns the scale, codes in q. */
    static float q8(float[] v, int[] q) {
        float mx = 0f;
        for (float a : v) mx = Math.max(mx, Math.abs(a));
        float s = mx / 127f;
        for (int i = 0; i < v.length; i++) q[i] = s == 0f ? 0 : Math.max(-127, Math.min(127, rnd(v[i] / s)));
        return s;
    }

    /** Integer matrix (codes, r x c) times integer vector. */
    static int[] imv(int[] w, int r, int c, int[] x) {
        int[] y = new int[r];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) y[i] += w[i * c + j] * x[j];
        return y;
    }

    static float[] deq(int[] acc, float mult) {
        float[] f = new float[acc.length];
        for (int i = 0; i < acc.length; i++) f[i] = acc[i] * mult;
        return f;
    }

    /** Reference int8 KP: stage one in the order the op uses, re-quantize, stage two, written from the index formulas. */
    static float[] refKp(KpOp op, float[] x) {
        int m1 = op.m1(), n1 = op.n1(), m2 = op.m2(), n2 = op.n2();
        int[] b = op.b().codes(), c = op.c().codes();
        int[] xq = new int[x.length];
        float sx = q8(x, xq);
        float[] y = new float[m1 * m2];
        if (op.cxFirst()) {
            int[] t = new int[m2 * n1]; // T = C X, T[p][j]
            for (int p = 0; p < m2; p++) for (int j = 0; j < n1; j++) for (int q = 0; q < n2; q++) t[p * n1 + j] += c[p * n2 + q] * xq[j * n2 + q];
            float[] tf = deq(t, op.c().scale() * sx);
            int[] tq = new int[tf.length];
            float st = q8(tf, tq);
            for (int i = 0; i < m1; i++) for (int p = 0; p < m2; p++) {
                int s = 0;
                for (int j = 0; j < n1; j++) s += b[i * n1 + j] * tq[p * n1 + j];
                y[i * m2 + p] = s * (op.b().scale() * st);
            }
        } else {
            int[] z = new int[m1 * n2]; // Z = (X B^T)^T, Z[i][q]
            for (int i = 0; i < m1; i++) for (int q = 0; q < n2; q++) for (int j = 0; j < n1; j++) z[i * n2 + q] += b[i * n1 + j] * xq[j * n2 + q];
            float[] zf = deq(z, op.b().scale() * sx);
            int[] zq = new int[zf.length];
            float sz = q8(zf, zq);
            for (int i = 0; i < m1; i++) for (int p = 0; p < m2; p++) {
                int s = 0;
                for (int q = 0; q < n2; q++) s += c[p * n2 + q] * zq[i * n2 + q];
                y[i * m2 + p] = s * (op.c().scale() * sz);
            }
        }
        return y;
    }

    static float[] run(LinearOp op, float[] x) {
        float[] y = new float[op.rows()];
        op.apply(x, 0, y, 0, new float[op.workSize()]);
        return y;
    }

    static void assertBits(float[] expect, float[] got, String what) {
        assertEquals(expect.length, got.length);
        for (int i = 0; i < expect.length; i++) {
            assertEquals(Float.floatToIntBits(expect[i]), Float.floatToIntBits(got[i]), what + " at " + i + ": " + expect[i] + " vs " + got[i]);
        }
    }

    @Test void denseAndPrunedEqualTheRule() {
        Random r = new Random(11);
        for (int m : Mats.DIMS) for (int n : new int[] {1, 5, 13, 31}) for (int bits : new int[] {8, 4, 2}) {
            float[] w = Mats.rand(r, m * n), x = Mats.rand(r, n);
            QuantDenseOp d = (QuantDenseOp) Projection.project(w, m, n, new MatrixPlan(new TechniqueSpec.Dense(), bits), true);
            assertTrue(d.runsInt8());
            int[] xq = new int[n];
            float sx = q8(x, xq);
            assertBits(deq(imv(d.w().codes(), m, n, xq), d.w().scale() * sx), run(d, x), "dense " + m + "x" + n + " int" + bits);

            PrunedOp p = (PrunedOp) Projection.project(w, m, n, new MatrixPlan(new TechniqueSpec.Pruned(0.6), bits), true);
            int[] full = new int[m * n];
            Csr idx = p.index();
            for (int i = 0; i < m; i++) for (int k = idx.rowPtr()[i]; k < idx.rowPtr()[i + 1]; k++) full[i * n + idx.col()[k]] = p.values().codes()[k];
            assertBits(deq(imv(full, m, n, xq), p.values().scale() * sx), run(p, x), "pruned " + m + "x" + n);
        }
    }

    @Test void kpHkpDkpLmfEqualTheRule() {
        Random r = new Random(12);
        int count = 0;
        for (int m : new int[] {1, 6, 12}) for (int n : new int[] {1, 7, 30}) {
            float[] w = Mats.rand(r, m * n), x = Mats.rand(r, n);
            for (int m1 : Mats.divisors(m)) for (int n1 : Mats.divisors(n)) {
                KpOp kp = (KpOp) Projection.project(w, m, n, new MatrixPlan(new TechniqueSpec.Kp(m1, n1, m / m1, n / n1), 8), true);
                assertBits(refKp(kp, x), run(kp, x), "kp " + kp.spec());
                count++;
            }
            int[] xq = new int[n];
            float sx = q8(x, xq);
            if (m >= 2) {
                HkpOp h = (HkpOp) Projection.project(w, m, n, new MatrixPlan(new TechniqueSpec.Hkp(1, m - 1, 1, 1, n), 6), true);
                float[] expect = new float[m];
                expect[0] = deq(imv(h.a().codes(), 1, n, xq), h.a().scale() * sx)[0];
                float[] low = refKp(h.kp(), x);
                System.arraycopy(low, 0, expect, 1, low.length);
                assertBits(expect, run(h, x), "hkp " + m + "x" + n);
            }
            DkpOp d = (DkpOp) Projection.project(w, m, n, new MatrixPlan(new TechniqueSpec.Dkp(m, 1, 1, n, 0.2), 8), true);
            float[] expect = refKp(d.kp(), x);
            int[] sFull = new int[m * n];
            for (int i = 0; i < m; i++) for (int k = d.index().rowPtr()[i]; k < d.index().rowPtr()[i + 1]; k++) sFull[i * n + d.index().col()[k]] = d.overlay().codes()[k];
            int[] sa = imv(sFull, m, n, xq);
            for (int i = 0; i < m; i++) expect[i] = expect[i] + sa[i] * (d.overlay().scale() * sx);
            assertBits(expect, run(d, x), "dkp " + m + "x" + n);

            int rank = Math.min(m, n);
            LmfOp l = (LmfOp) Projection.project(w, m, n, new MatrixPlan(new TechniqueSpec.Lmf(rank), 8), true);
            float[] tf = deq(imv(l.v().codes(), rank, n, xq), l.v().scale() * sx);
            int[] tq = new int[rank];
            float st = q8(tf, tq);
            assertBits(deq(imv(l.u().codes(), m, rank, tq), l.u().scale() * st), run(l, x), "lmf " + m + "x" + n);
        }
        assertTrue(count > 40);
    }

    @Test void int8IsCloseToFloatOnTheGateShape() {
        Random r = new Random(13);
        float[] w = Mats.rand(r, 512 * 156), x = Mats.rand(r, 156);
        for (TechniqueSpec t : new TechniqueSpec[] {new TechniqueSpec.Dense(), new TechniqueSpec.Kp(8, 4, 64, 39),
                new TechniqueSpec.Kp(16, 12, 32, 13), new TechniqueSpec.Lmf(4), new TechniqueSpec.Pruned(0.97)}) {
            MatrixPlan p = new MatrixPlan(t, 8);
            float[] yi = run(Projection.project(w, 512, 156, p, true), x);
            float[] yf = run(Projection.project(w, 512, 156, p, false), x);
            double e = Mats.frob(yi, yf) / Mats.frob(yf);
            assertTrue(e < 0.03, t + ": int8 differs from float by " + e);
        }
    }

    @Test void bothKpOrdersGiveTheSameProduct() {
        Random r = new Random(14);
        for (int[] s : new int[][] {{8, 4, 64, 39}, {3, 5, 7, 2}, {1, 13, 31, 1}, {6, 1, 1, 6}}) {
            float[] b = Mats.rand(r, s[0] * s[1]), c = Mats.rand(r, s[2] * s[3]), x = Mats.rand(r, s[1] * s[3]);
            float[] y1 = new float[s[0] * s[2]], y2 = new float[s[0] * s[2]];
            KronKernels.matvec(b, s[0], s[1], c, KronKernels.transpose(c, s[2], s[3]), s[2], s[3], true, x, 0, y1, 0, new float[KronKernels.workSize(s[0], s[1], s[2], s[3], true)], 0);
            KronKernels.matvec(b, s[0], s[1], c, KronKernels.transpose(c, s[2], s[3]), s[2], s[3], false, x, 0, y2, 0, new float[KronKernels.workSize(s[0], s[1], s[2], s[3], false)], 0);
            double[] ref = Mats.ref(Mats.kron(b, s[0], s[1], c, s[2], s[3]), s[0] * s[2], s[1] * s[3], x);
            double[] scale = Mats.absRef(Mats.kron(b, s[0], s[1], c, s[2], s[3]), s[0] * s[2], s[1] * s[3], x);
            assertTrue(Mats.relErr(y1, 0, ref, scale) < 1e-5);
            assertTrue(Mats.relErr(y2, 0, ref, scale) < 1e-5);
        }
    }

    @Test void zeroInputGivesZeroOutput() {
        Random r = new Random(15);
        float[] w = Mats.rand(r, 12 * 8);
        LinearOp op = Projection.project(w, 12, 8, new MatrixPlan(new TechniqueSpec.Kp(3, 2, 4, 4), 8), true);
        float[] y = run(op, new float[8]);
        for (float v : y) assertEquals(0f, v);
    }
}
