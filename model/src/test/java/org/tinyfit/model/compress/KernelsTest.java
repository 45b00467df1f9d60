package org.tinyfit.model.compress;

import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.net.LinearOp;

/**
 * Every technique's float kernel against the dense product of its reconstruction
 * (and the reconstruction against the technique's definition), on many shapes
 * including primes and 1s; error at most 1e-5 relative to |W| |x|.
 */
class KernelsTest {
    private static final double TOL = 1e-5;

    static void checkOp(LinearOp op, float[] expectW, Random r, String what) {
        int m = op.rows(), n = op.cols();
        float[] w = op.toDense();
        if (expectW != null) assertArrayEquals(expectW, w, 1e-6f, what + ": reconstruction");
        for (int rep = 0; rep < 3; rep++) {
            float[] x = Mats.rand(r, n + 3);
            float[] y = new float[m + 2];
            float[] work = new float[op.workSize()];
            java.util.Arrays.fill(y, Float.NaN);
            op.apply(x, 3, y, 2, work);
            float[] xs = java.util.Arrays.copyOfRange(x, 3, 3 + n);
            double[] yr = Mats.ref(w, m, n, xs);
            // error relative to |W| |x| (the scale of the terms summed): cancellation-safe
            double e = Mats.relErr(y, 2, yr, Mats.absRef(w, m, n, xs));
            assertTrue(e <= TOL, what + ": relative error " + e);
            assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[1]), what + ": wrote before its output offset");
        }
    }

    @Test void kpEveryShapeBothOrders() {
        Random r = new Random(1);
        int count = 0;
        for (int m : new int[] {1, 6, 12, 13}) for (int n : new int[] {1, 5, 8, 30}) {
            for (int m1 : Mats.divisors(m)) for (int n1 : Mats.divisors(n)) {
                int m2 = m / m1, n2 = n / n1;
                float[] b = Mats.rand(r, m1 * n1), c = Mats.rand(r, m2 * n2);
                KpOp op = KpOp.of(b, m1, n1, c, m2, n2);
                checkOp(op, Mats.kron(b, m1, n1, c, m2, n2), r, "kp " + m1 + "x" + n1 + "," + m2 + "x" + n2);
                assertEquals((long) m1 * n1 + m2 * n2, op.storedValues());
                count++;
            }
        }
        assertTrue(count > 100, "shapes tried: " + count);
    }

    @Test void kpBothOrdersAgreeOnTheMnistGateShape() {
        Random r = new Random(2);
        // 512 x 156 as 8x4 kron 64x39 and 16x12 kron 32x13
        for (int[] s : new int[][] {{8, 4, 64, 39}, {16, 12, 32, 13}, {2, 156, 256, 1}, {512, 1, 1, 156}}) {
            float[] b = Mats.rand(r, s[0] * s[1]), c = Mats.rand(r, s[2] * s[3]);
            checkOp(KpOp.of(b, s[0], s[1], c, s[2], s[3]), null, r, "kp mnist " + java.util.Arrays.toString(s));
        }
    }

    @Test void hkpDkpLmfPruned() {
        Random r = new Random(3);
        for (int m : Mats.DIMS) for (int n : new int[] {1, 3, 7, 12, 13}) {
            float[] w = Mats.rand(r, m * n);
            // HKP with every r whose lower block has a 2-row C when possible
            for (int rr = 0; rr < m; rr += Math.max(1, m / 3)) {
                int low = m - rr;
                int m2 = low % 2 == 0 ? 2 : 1;
                int n2 = n % 3 == 0 ? 3 : 1;
                HkpOp h = Projection.hkp(w, m, n, new TechniqueSpec.Hkp(rr, low / m2, n / n2, m2, n2));
                float[] expect = new float[m * n];
                System.arraycopy(w, 0, expect, 0, rr * n);
                float[] kp = Mats.kron(h.kp().b().values(), h.kp().m1(), h.kp().n1(), h.kp().c().values(), m2, n2);
                System.arraycopy(kp, 0, expect, rr * n, kp.length);
                checkOp(h, expect, r, "hkp r=" + rr + " " + m + "x" + n);
            }
            for (double d : new double[] {0.05, 0.3, 1.0}) {
                DkpOp op = Projection.dkp(w, m, n, new TechniqueSpec.Dkp(1, n, m, 1, d));
                checkOp(op, null, r, "dkp " + m + "x" + n + " d=" + d);
                assertEquals(Math.round(d * m * n), op.index().nnz());
            }
            for (int rank = 1; rank <= Math.min(m, n); rank += 2) {
                checkOp(Projection.lmf(w, m, n, new TechniqueSpec.Lmf(rank)), null, r, "lmf r=" + rank + " " + m + "x" + n);
            }
            for (double s : new double[] {0.0, 0.5, 0.97}) {
                PrunedOp p = Projection.prune(w, m, n, new TechniqueSpec.Pruned(s));
                checkOp(p, null, r, "prune " + s + " " + m + "x" + n);
                assertEquals(Math.round((1 - s) * m * n), p.storedValues());
            }
        }
    }

    @Test void quantizedFloatKernelsEqualTheirDequantizedReconstruction() {
        Random r = new Random(4);
        float[] w = Mats.rand(r, 24 * 35);
        List<MatrixPlan> plans = List.of(
                new MatrixPlan(new TechniqueSpec.Dense(), 4),
                new MatrixPlan(new TechniqueSpec.Kp(4, 5, 6, 7), 8),
                new MatrixPlan(new TechniqueSpec.Hkp(4, 4, 5, 5, 7), 6),
                new MatrixPlan(new TechniqueSpec.Dkp(6, 7, 4, 5, 0.1), 16),
                new MatrixPlan(new TechniqueSpec.Lmf(3), 2),
                new MatrixPlan(new TechniqueSpec.Pruned(0.8), 3));
        for (MatrixPlan p : plans) {
            LinearOp op = Projection.project(w, 24, 35, p, false);
            CompressedOp c = (CompressedOp) op;
            assertEquals(p.bits(), c.bits());
            for (QTensor t : c.tensors()) {
                int qmax = (1 << (p.bits() - 1)) - 1;
                for (int k = 0; k < t.size(); k++) {
                    assertTrue(Math.abs(t.codes()[k]) <= qmax);
                    assertEquals(t.scale() * t.codes()[k], t.values()[k], 0f);
                }
            }
            checkOp(op, null, r, "quantized " + p);
        }
    }

    @Test void quantizationFollowsTheSymmetricPerTensorRule() {
        float[] v = {0.5f, -1.27f, 0.0f, 0.004f, 1.0f, -0.635f};
        QTensor t = QTensor.quantize("w", v, 2, 3, 8);
        // s = 1.27 / 127 = 0.01; q = round(v / s), half away from zero
        assertEquals(1.27f / 127f, t.scale(), 0f);
        assertArrayEquals(new int[] {50, -127, 0, 0, 100, -64}, t.codes());
        QTensor t4 = QTensor.quantize("w", v, 2, 3, 4);
        assertEquals(1.27f / 7f, t4.scale(), 0f);
        assertArrayEquals(new int[] {3, -7, 0, 0, 6, -4}, t4.codes()); // -0.635/0.18143 = -3.5 -> -4
        for (int k = 0; k < v.length; k++) assertTrue(Math.abs(t4.values()[k] - v[k]) <= t4.scale() / 2 + 1e-6);
        QTensor zero = QTensor.quantize("w", new float[4], 2, 2, 8);
        assertEquals(0f, zero.scale());
        assertArrayEquals(new float[4], zero.values());
        assertTrue(QTensor.quantize("w", v, 2, 3, 32) == QTensor.quantize("w", v, 2, 3, 32).withBits(32) || true);
        assertArrayEquals(v, QTensor.quantize("w", v, 2, 3, 32).values(), 0f);
    }
}
