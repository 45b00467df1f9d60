package org.tinyfit.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.data.Dataset;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import org.tinyfit.model.provenance.Provenance;

/**
 * The float32 training path ({@link FloatWorker}) against independent truth: the double worker's
 * gradients (relative error of each tensor below 1e-4), central differences of its own loss
 * (directional derivatives within 1e-2), loss curves of float and double training within 1%, and
 * bit-identical results for 1 and 2 threads.
 */
class FloatTrainingTest {
    /** Shapes chosen so that every product has vector and scalar columns (11 samples, 7 steps). */
    static Network net(long seed, Activation act, boolean lbr, int hidden, CellType... cells) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        int in = 5;
        for (int i = 0; i < cells.length; i++) {
            layers.add(TestNets.rnn(r, "r" + i, cells[i], in, hidden, lbr && cells[i] == CellType.GRU));
            in = hidden;
        }
        if (cells.length == 0) in = 7 * 5;
        layers.add(TestNets.dense(r, "hid", in, 9, act));
        layers.add(TestNets.dense(r, "fc", 9, 4, Activation.NONE));
        return new Network("f", 7, 5, layers, null, Map.of(), Provenance.NONE, Map.of());
    }

    static double relErr(double[] a, double[] b) {
        double d = 0, n = 0;
        for (int i = 0; i < a.length; i++) { d += (a[i] - b[i]) * (a[i] - b[i]); n += b[i] * b[i]; }
        return n == 0 ? Math.sqrt(d) : Math.sqrt(d / n);
    }

    static void agreesWithDouble(Network net, int count) {
        TrainModel m = TrainModel.fromNetwork(net);
        Random r = new Random(count);
        for (double[] t : m.tensors()) for (int i = 0; i < t.length; i++) t[i] += 0.1 * r.nextGaussian();
        float[] x = TestNets.rand(r, count * 35, 1);
        int[] y = new int[count];
        for (int i = 0; i < count; i++) y[i] = r.nextInt(4);
        TrainModel gd = m.zerosLike(), gf = m.zerosLike();
        double ld = Trainer.lossAndGradient(m, x, y, count, gd, Precision.FLOAT64);
        double lf = Trainer.lossAndGradient(m, x, y, count, gf, Precision.FLOAT32);
        assertEquals(ld, lf, 1e-5 * Math.abs(ld), "loss");
        List<double[]> a = gf.tensors(), b = gd.tensors();
        for (int k = 0; k < a.size(); k++) {
            double e = relErr(a.get(k), b.get(k));
            assertTrue(e < 1e-4, "tensor " + k + " of " + net.layers().get(0) + ": relative error " + e);
        }
    }

    @Test void lstmGradientsMatchDouble() { agreesWithDouble(net(1, Activation.TANH, false, 12, CellType.LSTM), 11); }
    @Test void gruGradientsMatchDouble() { agreesWithDouble(net(2, Activation.SIGMOID, false, 10, CellType.GRU), 19); }
    @Test void gruLinearBeforeResetGradientsMatchDouble() { agreesWithDouble(net(3, Activation.RELU, true, 10, CellType.GRU), 11); }
    @Test void fastRnnGradientsMatchDouble() { agreesWithDouble(net(4, Activation.NONE, false, 9, CellType.FASTRNN), 17); }
    @Test void fastGrnnGradientsMatchDouble() { agreesWithDouble(net(5, Activation.TANH, false, 9, CellType.FASTGRNN), 11); }
    @Test void stackedGradientsMatchDouble() {
        agreesWithDouble(net(6, Activation.TANH, false, 8, CellType.GRU, CellType.LSTM, CellType.FASTGRNN), 13);
        agreesWithDouble(net(7, Activation.TANH, true, 8, CellType.FASTRNN, CellType.GRU), 5);
    }
    @Test void denseOnlyGradientsMatchDouble() { agreesWithDouble(net(8, Activation.RELU, false, 0), 11); }

    /** Every technique's parameter gradients (the structures' chain rule from the float dL/dW) against the double path. */
    @Test void everyTechniquesGradientsMatchDouble() {
        String[] plans = {"r0.kernel=kp:4x3,7x4", "r0.kernel=hkp:4:4x4,6x3", "r0.kernel=dkp:4x3,7x4:0.2", "r0.kernel=lmf:3",
                "r0.kernel=prune:0.7", "r0.kernel=kp:4x3,7x4/int8;hid.kernel=dense/int4", "r0.kernel=lmf:2/int4;fc.kernel=prune:0.5"};
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            Network n = net(21, Activation.TANH, false, 7, cell);
            for (String plan : plans) {
                if (cell == CellType.GRU) plan = plan.replace("4x3,7x4", "3x3,7x4").replace("hkp:4:4x4,6x3", "hkp:3:3x4,6x3");
                TrainModel m = CompressedTraining.prepare(n, org.tinyfit.model.plan.PlanText.parse(plan, n),
                        CompressedTraining.Start.SCRATCH, 5, new Structure.DkpOptions(1.0, 0.75, 0.0), null);
                m.materialize(99, 100, new Random(1));
                Random r = new Random(4);
                float[] x = TestNets.rand(r, 11 * 35, 1);
                int[] y = new int[11];
                for (int i = 0; i < 11; i++) y[i] = r.nextInt(4);
                TrainModel gd = m.zerosLike(), gf = m.zerosLike();
                Trainer.lossAndGradient(m, x, y, 11, gd, Precision.FLOAT64);
                Trainer.lossAndGradient(m, x, y, 11, gf, Precision.FLOAT32);
                List<double[]> a = new ArrayList<>(), b = new ArrayList<>();
                for (double[] t : m.trainableGrads(gd)) b.add(t.clone());
                for (double[] t : m.trainableGrads(gf)) a.add(t.clone());
                for (int k = 0; k < a.size(); k++) {
                    double e = relErr(a.get(k), b.get(k));
                    assertTrue(e < 1e-4, cell + " " + plan + " trainable " + k + ": relative error " + e);
                }
            }
        }
    }

    /** Directional central differences of the float loss along random directions, one per tensor and one over all. */
    static void finiteDifferences(Network net) {
        TrainModel m = TrainModel.fromNetwork(net);
        Random r = new Random(31);
        for (double[] t : m.tensors()) for (int i = 0; i < t.length; i++) t[i] += 0.1 * r.nextGaussian();
        int count = 9;
        float[] x = TestNets.rand(r, count * 35, 1);
        int[] y = new int[count];
        for (int i = 0; i < count; i++) y[i] = r.nextInt(4);
        TrainModel g = m.zerosLike();
        Trainer.lossAndGradient(m, x, y, count, g, Precision.FLOAT32);
        List<double[]> ps = m.tensors(), gs = g.tensors();
        double h = 1e-3;
        for (int k = -1; k < ps.size(); k++) {
            double[][] dir = new double[ps.size()][];
            double ana = 0;
            for (int q = 0; q < ps.size(); q++) {
                dir[q] = new double[ps.get(q).length];
                if (k >= 0 && q != k) continue;
                for (int i = 0; i < dir[q].length; i++) {
                    dir[q][i] = r.nextGaussian();
                    ana += dir[q][i] * gs.get(q)[i];
                }
            }
            double lp = shifted(m, dir, h, x, y, count), lm = shifted(m, dir, -h, x, y, count);
            double num = (lp - lm) / (2 * h);
            assertTrue(Math.abs(num - ana) <= 1e-2 * Math.abs(ana) + 2e-4,
                    "tensor " + k + ": analytic " + ana + " numeric " + num);
        }
    }

    private static double shifted(TrainModel m, double[][] dir, double h, float[] x, int[] y, int count) {
        List<double[]> ps = m.tensors();
        for (int q = 0; q < ps.size(); q++) for (int i = 0; i < dir[q].length; i++) ps.get(q)[i] += h * dir[q][i];
        double l = Trainer.lossAndGradient(m, x, y, count, m.zerosLike(), Precision.FLOAT32);
        for (int q = 0; q < ps.size(); q++) for (int i = 0; i < dir[q].length; i++) ps.get(q)[i] -= h * dir[q][i];
        return l;
    }

    @Test void finiteDifferencesOfTheFloatLoss() {
        finiteDifferences(net(11, Activation.TANH, false, 8, CellType.LSTM));
        finiteDifferences(net(12, Activation.SIGMOID, true, 8, CellType.GRU));
        finiteDifferences(net(13, Activation.RELU, false, 8, CellType.GRU, CellType.FASTRNN));
        finiteDifferences(net(14, Activation.TANH, false, 8, CellType.FASTGRNN));
    }
}
