package org.tinyfit.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.provenance.Provenance;

/**
 * Compares {@link Inference} with a plain double-precision implementation of the
 * cell equations written independently here (per gate, separate W_x and W_h).
 */
class InferenceReferenceTest {

    static double sig(double x) { return 1 / (1 + Math.exp(-x)); }

    /** W[row][col] of the layer's kernel. */
    static double w(float[] k, int cols, int row, int col) { return k[row * cols + col]; }

    /** Reference forward of one RNN layer over a sequence; returns all hidden states [T][H]. */
    static double[][] refRnn(RnnLayer l, double[][] xs) {
        int nI = l.inputSize(), nH = l.hidden(), cols = nI + nH;
        float[] k = l.kernel().toDense();
        float[] b = l.bias();
        double[] h = new double[nH], c = new double[nH];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] x = xs[t];
            double[] hn = new double[nH];
            for (int u = 0; u < nH; u++) {
                switch (l.cell()) {
                    case LSTM -> {
                        double[] g = new double[4];
                        for (int gi = 0; gi < 4; gi++) {
                            int row = gi * nH + u;
                            double s = b[row];
                            for (int j = 0; j < nI; j++) s += w(k, cols, row, j) * x[j];
                            for (int j = 0; j < nH; j++) s += w(k, cols, row, nI + j) * h[j];
                            g[gi] = s;
                        }
                        double cc = sig(g[1]) * c[u] + sig(g[0]) * Math.tanh(g[2]);
                        c[u] = cc;
                        hn[u] = sig(g[3]) * Math.tanh(cc);
                    }
                    case GRU -> {
                        double[] xr = new double[3], hr = new double[3];
                        for (int gi = 0; gi < 3; gi++) {
                            int row = gi * nH + u;
                            for (int j = 0; j < nI; j++) xr[gi] += w(k, cols, row, j) * x[j];
                            for (int j = 0; j < nH; j++) hr[gi] += w(k, cols, row, nI + j) * h[j];
                        }
                        double z = sig(xr[0] + hr[0] + b[u]);
                        double r = sig(xr[1] + hr[1] + b[nH + u]);
                        double hh;
                        if (l.linearBeforeReset()) {
                            hh = Math.tanh(xr[2] + b[2 * nH + u] + r * (hr[2] + l.recurrentBiasH()[u]));
                        } else {
                            // recurrent part on r * h: recompute with each unit's own reset gate
                            double s = 0;
                            for (int j = 0; j < nH; j++) {
                                double rj = 0, xrj = 0;
                                for (int q = 0; q < nI; q++) xrj += w(k, cols, nH + j, q) * x[q];
                                for (int q = 0; q < nH; q++) rj += w(k, cols, nH + j, nI + q) * h[q];
                                double resetJ = sig(xrj + rj + b[nH + j]);
                                s += w(k, cols, 2 * nH + u, nI + j) * resetJ * h[j];
                            }
                            hh = Math.tanh(xr[2] + s + b[2 * nH + u]);
                        }
                        hn[u] = (1 - z) * hh + z * h[u];
                    }
                    case FASTRNN -> {
                        double s = b[u];
                        for (int j = 0; j < nI; j++) s += w(k, cols, u, j) * x[j];
                        for (int j = 0; j < nH; j++) s += w(k, cols, u, nI + j) * h[j];
                        hn[u] = sig(l.scalars()[1]) * h[u] + sig(l.scalars()[0]) * Math.tanh(s);
                    }
                    case FASTGRNN -> {
                        double s = 0;
                        for (int j = 0; j < nI; j++) s += w(k, cols, u, j) * x[j];
                        for (int j = 0; j < nH; j++) s += w(k, cols, u, nI + j) * h[j];
                        double z = sig(s + b[u]);
                        double hh = Math.tanh(s + b[nH + u]);
                        hn[u] = z * h[u] + (sig(l.scalars()[0]) * (1 - z) + sig(l.scalars()[1])) * hh;
                    }
                }
            }
            h = hn;
            out[t] = hn.clone();
        }
        return out;
    }

    static double[] refNetwork(Network net, float[] x, int off) {
        double[][] seq = new double[net.steps()][net.features()];
        for (int t = 0; t < net.steps(); t++) for (int i = 0; i < net.features(); i++) seq[t][i] = x[off + t * net.features() + i];
        double[] v = null;
        if (net.rnnLayers().isEmpty()) {
            v = new double[net.steps() * net.features()];
            for (int i = 0; i < v.length; i++) v[i] = x[off + i];
        }
        for (Layer l : net.layers()) {
            if (l instanceof RnnLayer r) {
                seq = refRnn(r, seq);
                v = seq[seq.length - 1];
            } else {
                DenseLayer d = (DenseLayer) l;
                float[] k = d.kernel().toDense();
                double[] o = new double[d.outputSize()];
                for (int i = 0; i < o.length; i++) {
                    double s = d.bias()[i];
                    for (int j = 0; j < d.inputSize(); j++) s += k[i * d.inputSize() + j] * v[j];
                    o[i] = switch (d.activation()) {
                        case NONE -> s;
                        case RELU -> Math.max(0, s);
                        case TANH -> Math.tanh(s);
                        case SIGMOID -> sig(s);
                    };
                }
                v = o;
            }
        }
        return v;
    }

    static void assertMatches(Network net, long seed, int n) {
        Random r = new Random(seed);
        int per = net.steps() * net.features();
        float[] x = TestNets.rand(r, n * per, 1.0);
        float[] got = Inference.logits(net, x, n);
        for (int s = 0; s < n; s++) {
            double[] ref = refNetwork(net, x, s * per);
            for (int k = 0; k < ref.length; k++) {
                assertEquals(ref[k], got[s * net.classes() + k], 1e-4 * (1 + Math.abs(ref[k])), "sample " + s + " logit " + k);
            }
        }
    }

    @Test
    void everyCellTypeOnRandomShapes() {
        int[][] shapes = {{1, 1, 1}, {3, 2, 5}, {7, 13, 3}, {5, 1, 11}, {2, 17, 8}};
        long seed = 1;
        for (CellType cell : CellType.values()) {
            for (boolean lbr : cell == CellType.GRU ? new boolean[] {false, true} : new boolean[] {false}) {
                for (int[] sh : shapes) {
                    Random r = new Random(seed++);
                    int steps = sh[0], feat = sh[1], hid = sh[2];
                    RnnLayer l = TestNets.rnn(r, "rnn", cell, feat, hid, lbr);
                    DenseLayer d = TestNets.dense(r, "fc", hid, 3, Activation.NONE);
                    Network net = new Network("n", steps, feat, List.of(l, d), null, Map.of(), Provenance.NONE, Map.of());
                    assertMatches(net, seed, 9);
                }
            }
        }
    }

    @Test
    void stackedLayersAndDenseActivations() {
        Random r = new Random(5);
        Network net = new Network("stack", 6, 4, List.of(
                TestNets.rnn(r, "a", CellType.LSTM, 4, 7, false),
                TestNets.rnn(r, "b", CellType.GRU, 7, 5, true),
                TestNets.rnn(r, "c", CellType.FASTGRNN, 5, 3, false),
                TestNets.dense(r, "d1", 3, 6, Activation.RELU),
                TestNets.dense(r, "d2", 6, 5, Activation.TANH),
                TestNets.dense(r, "d3", 5, 4, Activation.SIGMOID),
                TestNets.dense(r, "fc", 4, 2, Activation.NONE)), null, Map.of(), Provenance.NONE, Map.of());
        assertMatches(net, 99, 13);
    }

    @Test
    void multiThreadedBatchEqualsSingleSamples() {
        Network net = TestNets.classifier(3, 5, 3, 4, 6, CellType.LSTM);
        Random r = new Random(4);
        int per = 15;
        float[] x = TestNets.rand(r, 50 * per, 1);
        float[] all = Inference.logits(net, x, 50);
        Inference.Workspace ws = new Inference.Workspace(net);
        float[] one = new float[4];
        for (int s = 0; s < 50; s++) {
            Inference.forward(ws, x, s * per, one, 0);
            for (int k = 0; k < 4; k++) assertEquals(one[k], all[s * 4 + k]);
        }
    }

    @Test
    void invalidArchitecturesAreRejectedWithMessages() {
        Random r = new Random(1);
        RnnLayer l = TestNets.rnn(r, "lstm", CellType.LSTM, 4, 8, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new Network("bad", 3, 5, List.of(l, TestNets.dense(r, "fc", 8, 2, Activation.NONE)), null, Map.of(), Provenance.NONE, Map.of()));
        assertEquals("layer 'lstm' expects 4 inputs per step but receives 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                new Network("bad", 3, 4, List.of(l), null, Map.of(), Provenance.NONE, Map.of()));
        assertEquals("model 'bad' must end in a dense layer that produces the logits", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () ->
                new RnnLayer("x", CellType.LSTM, 2, 3, new DenseOp(new float[12 * 4], 12, 4), new float[12], null, false, null));
        assertEquals("kernel of lstm layer 'x' must be 12x5, got 12x4", e.getMessage());
    }
}
