package org.tinyfit.model.compress;

import org.tinyfit.model.plan.TechniqueSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Projections against independent truths: SVD tails, recovery of matrices that have the structure, optimality. */
class ProjectionTest {

    @Test void nearestKpErrorIsTheTailOfTheRearrangementSpectrum() {
        Random r = new Random(21);
        for (int[] s : new int[][] {{4, 3, 5, 7}, {1, 12, 6, 1}, {2, 2, 2, 2}, {8, 4, 64, 39}, {16, 12, 32, 13}, {13, 1, 1, 7}}) {
            int m = s[0] * s[2], n = s[1] * s[3];
            float[] w = Mats.rand(r, m * n);
            Projection.KpFit f = Projection.nearestKp(w, m, n, s[0], s[1], s[2], s[3]);
            double direct = Mats.frob(w, Mats.kron(f.b(), s[0], s[1], f.c(), s[2], s[3]));
            double norm = Mats.frob(w);
            assertEquals(f.error(), direct, 1e-5 * norm, "error of " + java.util.Arrays.toString(s));
            // Frobenius norm is preserved by the rearrangement
            assertEquals(norm, f.norm(), 1e-6 * norm);
            // no nearby KP is better (first-order optimality)
            float[] b2 = f.b().clone();
            b2[0] += 1e-2f;
            assertTrue(Mats.frob(w, Mats.kron(b2, s[0], s[1], f.c(), s[2], s[3])) >= direct - 1e-6 * norm);
        }
    }

    @Test void kpOfAKroneckerProductRecoversIt() {
        Random r = new Random(22);
        for (int[] s : new int[][] {{4, 3, 5, 7}, {8, 4, 64, 39}, {1, 1, 3, 3}, {7, 5, 1, 1}}) {
            float[] b = Mats.rand(r, s[0] * s[1]), c = Mats.rand(r, s[2] * s[3]);
            float[] w = Mats.kron(b, s[0], s[1], c, s[2], s[3]);
            int m = s[0] * s[2], n = s[1] * s[3];
            KpOp op = Projection.kp(w, m, n, new TechniqueSpec.Kp(s[0], s[1], s[2], s[3]));
            assertTrue(Mats.frob(w, op.toDense()) <= 1e-5 * Mats.frob(w));
            double[] sigma = Projection.kpSpectrum(w, m, n, s[0], s[1], s[2], s[3]);
            assertTrue(sigma.length == 1 || sigma[1] <= 1e-5 * sigma[0], "a KP has rank one rearrangement");
        }
    }

    @Test void truncatedSvdErrorIsTheTailAndRecoversLowRank() {
        Random r = new Random(23);
        int m = 40, n = 17;
        float[] w = Mats.rand(r, m * n);
        org.ejml.data.DMatrixRMaj a = new org.ejml.data.DMatrixRMaj(m, n);
        for (int k = 0; k < w.length; k++) a.data[k] = w[k];
        double[] sigma = Svd.of(a, false).sigma();
        for (int rank : new int[] {1, 3, 9, 17}) {
            LmfOp op = Projection.lmf(w, m, n, new TechniqueSpec.Lmf(rank));
            double tail = 0;
            for (int k = rank; k < sigma.length; k++) tail += sigma[k] * sigma[k];
            assertEquals(Math.sqrt(tail), Mats.frob(w, op.toDense()), 1e-5 * Mats.frob(w), "rank " + rank);
            assertEquals((long) rank * (m + n), op.storedValues());
        }
        // a rank-3 matrix is recovered by rank 3
        float[] u = Mats.rand(r, m * 3), v = Mats.rand(r, 3 * n);
        float[] low = new float[m * n];
        for (int i = 0; i < m; i++) for (int k = 0; k < 3; k++) for (int j = 0; j < n; j++) low[i * n + j] += u[i * 3 + k] * v[k * n + j];
        assertTrue(Mats.frob(low, Projection.lmf(low, m, n, new TechniqueSpec.Lmf(3)).toDense()) <= 1e-5 * Mats.frob(low));
    }

    @Test void pruningKeepsTheLargestMagnitudesExactly() {
        float[] w = {0.1f, -5f, 3f, 0f, -0.2f, 2f, 2f, -3f};
        PrunedOp p = Projection.prune(w, 2, 4, new TechniqueSpec.Pruned(0.5));
        // keep |w| in {5, 3, 3, 2 (first of the two 2s)}
        assertArrayEquals(new float[] {0f, -5f, 3f, 0f, 0f, 2f, 0f, -3f}, p.toDense(), 0f);
        assertEquals(4, p.storedValues());
        // a sparse matrix at its own sparsity is recovered
        Random r = new Random(24);
        float[] s = new float[30 * 20];
        for (int k = 0; k < s.length; k += 7) s[k] = (float) r.nextGaussian() + 3f;
        long nnz = java.util.stream.IntStream.range(0, s.length).filter(k -> s[k] != 0f).count();
        PrunedOp q = Projection.prune(s, 30, 20, new TechniqueSpec.Pruned(1 - (double) nnz / s.length));
        assertArrayEquals(s, q.toDense(), 0f);
    }

    @Test void prunedSparsityReadsAsThePlanThatMadeIt() {
        assertEquals(0.96835, PrunedOp.shortestSparsity(2528, 79872), 0.0);
        assertEquals(0.99239, PrunedOp.shortestSparsity(608, 79872), 0.0);
        assertEquals(0.5, PrunedOp.shortestSparsity(4, 8), 0.0);
        assertEquals(0.0, PrunedOp.shortestSparsity(8, 8), 0.0);
        for (long nnz = 1; nnz < 300; nnz += 7) {
            double s = PrunedOp.shortestSparsity(nnz, 1280);
            assertEquals(nnz, Math.round((1 - s) * 1280), "nnz " + nnz);
        }
    }

    @Test void hybridCopiesRowsAndFitsTheRest() {
        Random r = new Random(25);
        int m = 11, n = 6;
        float[] w = Mats.rand(r, m * n);
        HkpOp h = Projection.hkp(w, m, n, new TechniqueSpec.Hkp(3, 4, 3, 2, 2));
        float[] d = h.toDense();
        for (int k = 0; k < 3 * n; k++) assertEquals(w[k], d[k], 0f);
        float[] lower = java.util.Arrays.copyOfRange(w, 3 * n, m * n);
        Projection.KpFit f = Projection.nearestKp(lower, 8, n, 4, 3, 2, 2);
        assertEquals(f.error(), Mats.frob(lower, java.util.Arrays.copyOfRange(d, 3 * n, m * n)), 1e-5 * Mats.frob(lower));
        // r = 0 is plain KP
        HkpOp h0 = Projection.hkp(w, m, n, new TechniqueSpec.Hkp(0, 11, 3, 1, 2));
        assertEquals(0, h0.a().size());
        assertEquals(Projection.kp(w, m, n, new TechniqueSpec.Kp(11, 3, 1, 2)).storedValues(), h0.storedValues());
    }

    @Test void dopingAddsTheLargestResidualsAndOnlyHelps() {
        Random r = new Random(26);
        int m = 24, n = 18;
        float[] w = Mats.rand(r, m * n);
        KpOp kp = Projection.kp(w, m, n, new TechniqueSpec.Kp(4, 3, 6, 6));
        double kpErr = Mats.frob(w, kp.toDense());
        double prev = kpErr;
        for (double d : new double[] {0.01, 0.05, 0.2, 1.0}) {
            DkpOp op = Projection.dkp(w, m, n, new TechniqueSpec.Dkp(4, 3, 6, 6, d));
            double e = Mats.frob(w, op.toDense());
            assertTrue(e <= prev + 1e-6, "error falls with density");
            prev = e;
            // every kept residual is at least as large as every dropped one
            float[] res = kp.toDense();
            for (int k = 0; k < res.length; k++) res[k] = w[k] - res[k];
            float minKept = Float.MAX_VALUE;
            boolean[] kept = new boolean[m * n];
            Csr idx = op.index();
            for (int i = 0; i < m; i++) for (int k = idx.rowPtr()[i]; k < idx.rowPtr()[i + 1]; k++) {
                kept[i * n + idx.col()[k]] = true;
                minKept = Math.min(minKept, Math.abs(res[i * n + idx.col()[k]]));
            }
            for (int k = 0; k < res.length; k++) if (!kept[k]) assertTrue(Math.abs(res[k]) <= minKept);
        }
        assertTrue(prev <= 1e-5 * Mats.frob(w), "density 1 reproduces W");
    }

    @Test void badInputIsAClearError() {
        float[] w = new float[12];
        assertThrows(IllegalArgumentException.class, () -> Projection.kp(w, 3, 4, new TechniqueSpec.Kp(2, 2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Projection.lmf(w, 3, 4, new TechniqueSpec.Lmf(4)));
        assertThrows(IllegalArgumentException.class, () -> Projection.hkp(w, 3, 4, new TechniqueSpec.Hkp(3, 1, 4, 1, 1)));
        float[] nan = new float[12];
        nan[5] = Float.NaN;
        ProjectionException e = assertThrows(ProjectionException.class, () -> Projection.kp(nan, 3, 4, new TechniqueSpec.Kp(3, 2, 1, 2)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(ProjectionException.class, () -> Projection.prune(nan, 3, 4, new TechniqueSpec.Pruned(0.5)));
    }
}
