package org.tinyfit.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.provenance.Provenance;

/**
 * Gradients of every technique's parameters through a whole network against central
 * finite differences of the loss, in double precision on tiny shapes; and the
 * structures' W against the operators they export.
 */
class StructureGradientTest {
    static final long TOTAL = 100, STEP = 99; // after every schedule: masks fixed, densities at target

    static Network net(CellType cell) {
        Random r = new Random(3);
        List<Layer> ls = List.of(TestNets.rnn(r, "r", cell, 2, 3, cell == CellType.GRU), TestNets.dense(r, "fc", 3, 4, Activation.NONE));
        return new Network("g", 3, 2, ls, null, Map.of(), Provenance.NONE, Map.of());
    }

    static void check(CellType cell, MatrixPlan rnnPlan, MatrixPlan fcPlan) {
        Network n = net(cell);
        CompressionPlan plan = new CompressionPlan(Map.of("r.kernel", rnnPlan, "fc.kernel", fcPlan), Activations.FLOAT32);
        Structure.DkpOptions noDrop = new Structure.DkpOptions(1.0, 0.75, 0.0);
        TrainModel m = CompressedTraining.prepare(n, plan, CompressedTraining.Start.SCRATCH, 5, noDrop, null);
        Random r = new Random(9);
        for (double[] t : m.trainables()) for (int i = 0; i < t.length; i++) t[i] += 0.3 * r.nextGaussian();
        m.materialize(75, TOTAL, null); // masks to their final sparsity
        int count = 2;
        float[] x = TestNets.rand(r, count * 6, 1);
        int[] y = {1, 3};
        m.materialize(STEP, TOTAL, null);
        TrainModel g = m.zerosLike();
        Trainer.lossAndGradient(m, x, y, count, g);
        List<double[]> ps = m.trainables();
        List<double[]> gs = m.trainableGrads(g);
        List<double[]> ana = new java.util.ArrayList<>();
        for (double[] a : gs) ana.add(a.clone());
        double h = 1e-6;
        int checked = 0;
        for (int k = 0; k < ps.size(); k++) {
            double[] p = ps.get(k);
            for (int i = 0; i < p.length; i++) {
                double old = p[i];
                p[i] = old + h;
                m.materialize(STEP, TOTAL, null);
                double lp = Trainer.lossAndGradient(m, x, y, count, m.zerosLike());
                p[i] = old - h;
                m.materialize(STEP, TOTAL, null);
                double lm = Trainer.lossAndGradient(m, x, y, count, m.zerosLike());
                p[i] = old;
                double num = (lp - lm) / (2 * h);
                double a = ana.get(k)[i];
                double err = Math.abs(num - a) / Math.max(1e-7, Math.abs(num) + Math.abs(a));
                assertTrue(err < 1e-5 || Math.abs(num - a) < 1e-9, rnnPlan + " tensor " + k + "[" + i + "]: analytic " + a + " numeric " + num);
                checked++;
            }
        }
        assertTrue(checked > 10);
        // the exported operators reproduce the structures' W
        m.materialize(STEP, TOTAL, null);
        Network out = m.toNetwork();
        for (int k = 0; k < 2; k++) {
            float[] w = out.layers().get(k).kernel().toDense();
            double[] tw = m.layers.get(k).w;
            for (int i = 0; i < w.length; i++) assertEquals(tw[i], w[i], 1e-6, "layer " + k + " W[" + i + "]");
        }
    }

    static MatrixPlan p(TechniqueSpec t) { return new MatrixPlan(t, 32); }

    // r.kernel is G*3 x 5 (LSTM 12x5, GRU 9x5, FastRNN 3x5)
    @Test void kp() { check(CellType.LSTM, p(new TechniqueSpec.Kp(4, 5, 3, 1)), p(new TechniqueSpec.Kp(2, 1, 2, 3))); }
    @Test void kpOtherShape() { check(CellType.GRU, p(new TechniqueSpec.Kp(3, 1, 3, 5)), p(new TechniqueSpec.Dense())); }
    @Test void hybridKp() { check(CellType.LSTM, p(new TechniqueSpec.Hkp(2, 5, 5, 2, 1)), p(new TechniqueSpec.Lmf(1))); }
    @Test void dopedKp() { check(CellType.FASTGRNN, p(new TechniqueSpec.Dkp(3, 1, 1, 5, 0.4)), p(new TechniqueSpec.Pruned(0.5))); }
    @Test void lowRank() { check(CellType.FASTRNN, p(new TechniqueSpec.Lmf(2)), p(new TechniqueSpec.Lmf(2))); }
    @Test void pruned() { check(CellType.GRU, p(new TechniqueSpec.Pruned(0.6)), p(new TechniqueSpec.Dense())); }

    @Test void quantizationAwareForwardUsesTheQuantizedWeights() {
        Network n = net(CellType.LSTM);
        CompressionPlan plan = new CompressionPlan(Map.of("r.kernel", new MatrixPlan(new TechniqueSpec.Kp(4, 5, 3, 1), 4)), Activations.FLOAT32);
        TrainModel m = CompressedTraining.prepare(n, plan, CompressedTraining.Start.SCRATCH, 5, null, null);
        m.materialize(0, 10, new Random(1));
        CompressedOp op = (CompressedOp) m.toNetwork().layers().get(0).kernel();
        assertEquals(4, op.bits());
        float[] w = op.toDense();
        double[] tw = m.layers.get(0).w;
        for (int i = 0; i < w.length; i++) assertEquals(tw[i], w[i], 1e-5 * Math.max(1, Math.abs(tw[i])));
        // straight-through: the gradient of B is computed at the quantized factors
        KpStructure s = (KpStructure) m.layers.get(0).structure;
        double[] dW = new double[tw.length];
        java.util.Arrays.fill(dW, 1.0);
        s.backward(dW);
        double sumC = 0;
        for (double v : s.qc) sumC += v;
        for (double gb : s.gb) assertEquals(sumC, gb, 1e-12);
    }

    @Test void pruningScheduleIsCubicAndEndsAtTheTarget() {
        Structure.PruneSchedule ps = Structure.PruneSchedule.DEFAULT;
        assertEquals(0.0, ps.sparsityAt(0.9, 0, 1000), 1e-12);
        assertEquals(0.9 * (1 - Math.pow(0.5, 3)), ps.sparsityAt(0.9, 375, 1000), 1e-12);
        assertEquals(0.9, ps.sparsityAt(0.9, 750, 1000), 1e-12);
        assertEquals(0.9, ps.sparsityAt(0.9, 1000, 1000), 1e-12);
        assertTrue(ps.updateAt(0, 1000) && ps.updateAt(750, 1000) && !ps.updateAt(900, 1000));
    }

    @Test void dopedOverlayIsAnnealedToItsDensityAndDropoutIsUnbiased() {
        DkpStructure d = new DkpStructure(12, 10, 32, new TechniqueSpec.Dkp(3, 2, 4, 5, 0.1), Structure.DkpOptions.DEFAULT);
        d.initScratch(new Random(1), 0.5);
        java.util.Arrays.setAll(d.s, i -> Math.sin(i + 1.0));
        assertEquals(1.0, d.densityAt(0, 100), 1e-12);
        assertEquals(0.1, d.densityAt(75, 100), 1e-12);
        double[] w = new double[120];
        Random rnd = new Random(2);
        int keptSum = 0, steps = 0;
        for (long t = 0; t < 100; t++) {
            d.forward(w, t, 100, rnd);
            int mask = 0, kept = 0;
            for (int i = 0; i < 120; i++) { if (d.mask[i]) mask++; if (d.drop[i] != 0) kept++; }
            if (t >= 75) { assertEquals(12, mask); keptSum += kept; steps++; }
        }
        double keepRate = keptSum / (12.0 * steps);
        assertTrue(Math.abs(keepRate - 0.5) < 0.1, "co-matrix dropout keeps about half: " + keepRate);
        CompressedOp op = d.toOp();
        assertEquals(12, ((org.tinyfit.model.compress.DkpOp) op).index().nnz());
        assertArrayEquals(new long[] {6 + 20 + 12}, new long[] {op.storedValues()});
    }
}
