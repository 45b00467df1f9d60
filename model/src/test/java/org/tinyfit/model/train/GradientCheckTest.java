package org.tinyfit.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.provenance.Provenance;

/** Back-propagation through time against central finite differences, in double precision. */
class GradientCheckTest {

    private static Network net(long seed, Activation act, boolean lbr, CellType... cells) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        int in = 2;
        for (int i = 0; i < cells.length; i++) {
            layers.add(TestNets.rnn(r, "r" + i, cells[i], in, 3, lbr && cells[i] == CellType.GRU));
            in = 3;
        }
        layers.add(TestNets.dense(r, "hid", in, 4, act));
        layers.add(TestNets.dense(r, "fc", 4, 3, Activation.NONE));
        return new Network("g", 3, 2, layers, null, Map.of(), Provenance.NONE, Map.of());
    }

    private static void check(Network net, long seed) {
        TrainModel m = TrainModel.fromNetwork(net);
        // perturb scalars and biases away from symmetric values
        Random r = new Random(seed);
        for (double[] t : m.tensors()) for (int i = 0; i < t.length; i++) t[i] += 0.3 * r.nextGaussian();
        int count = 2;
        float[] x = TestNets.rand(r, count * 6, 1);
        int[] y = {1, 2};
        TrainModel g = m.zerosLike();
        double loss = Trainer.lossAndGradient(m, x, y, count, g);
        assertTrue(Double.isFinite(loss));
        List<double[]> ps = m.tensors(), gs = g.tensors();
        double h = 1e-6;
        int checked = 0;
        for (int k = 0; k < ps.size(); k++) {
            double[] p = ps.get(k);
            for (int i = 0; i < p.length; i++) {
                double old = p[i];
                p[i] = old + h;
                double lp = Trainer.lossAndGradient(m, x, y, count, m.zerosLike());
                p[i] = old - h;
                double lm = Trainer.lossAndGradient(m, x, y, count, m.zerosLike());
                p[i] = old;
                double num = (lp - lm) / (2 * h);
                double ana = gs.get(k)[i];
                double err = Math.abs(num - ana) / Math.max(1e-7, Math.abs(num) + Math.abs(ana));
                assertTrue(err < 1e-6 || Math.abs(num - ana) < 1e-9,
                        "tensor " + k + " index " + i + ": analytic " + ana + " numeric " + num);
                checked++;
            }
        }
        assertTrue(checked > 20);
    }

    @Test void lstm() { check(net(1, Activation.TANH, false, CellType.LSTM), 11); }
    @Test void gruDefault() { check(net(2, Activation.SIGMOID, false, CellType.GRU), 12); }
    @Test void gruLinearBeforeReset() { check(net(3, Activation.TANH, true, CellType.GRU), 13); }
    @Test void fastRnnWithScalars() { check(net(4, Activation.NONE, false, CellType.FASTRNN), 14); }
    @Test void fastGrnnWithScalars() { check(net(5, Activation.SIGMOID, false, CellType.FASTGRNN), 15); }
    @Test void stackedLayers() { check(net(6, Activation.TANH, false, CellType.GRU, CellType.LSTM, CellType.FASTGRNN), 16); }
    @Test void reluDense() { check(net(7, Activation.RELU, false, CellType.FASTRNN), 17); }

    @Test
    void denseOnlyClassifier() {
        Random r = new Random(8);
        Network n = new Network("flat", 3, 2, List.of(TestNets.dense(r, "a", 6, 5, Activation.TANH), TestNets.dense(r, "fc", 5, 3, Activation.NONE)),
                null, Map.of(), Provenance.NONE, Map.of());
        check(n, 18);
    }

    @Test
    void trainerForwardAgreesWithFloatInference() {
        for (CellType c : CellType.values()) {
            for (boolean lbr : c == CellType.GRU ? new boolean[] {false, true} : new boolean[] {false}) {
                Network n = net(21, Activation.TANH, lbr, c, CellType.LSTM);
                TrainModel m = TrainModel.fromNetwork(n);
                Random r = new Random(22);
                float[] x = TestNets.rand(r, 5 * 6, 1);
                float[] logits = Inference.logits(n, x, 5);
                // loss of each sample alone from the trainer equals the loss from the float logits
                for (int s = 0; s < 5; s++) {
                    float[] xs = java.util.Arrays.copyOfRange(x, s * 6, s * 6 + 6);
                    double lt = Trainer.lossAndGradient(m, xs, new int[] {0}, 1, m.zerosLike());
                    double max = Math.max(logits[s * 3], Math.max(logits[s * 3 + 1], logits[s * 3 + 2]));
                    double lse = max + Math.log(Math.exp(logits[s * 3] - max) + Math.exp(logits[s * 3 + 1] - max) + Math.exp(logits[s * 3 + 2] - max));
                    assertEquals(lse - logits[s * 3], lt, 1e-5, c + " sample " + s);
                }
            }
        }
    }
}
