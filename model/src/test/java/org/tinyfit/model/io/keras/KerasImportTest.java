package org.tinyfit.model.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyfit.model.io.ImportOptions;
import org.tinyfit.model.io.TinyfitFormatException;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.RnnLayer;

/**
 * Keras .h5 files written with jhdf give the logits of the Keras cell equations
 * written out in this test (Keras weight layouts, double precision), within 1e-4.
 * (No Keras/TensorFlow runs here, so there is no runtime cross-check as for ONNX.)
 */
class KerasImportTest {
    static final double TOL = 1e-4;
    @TempDir Path dir;

    // ---- the Keras equations on Keras layouts: kernel [I][G*H], recurrent_kernel [H][G*H] ----

    static double sig(double v) { return 1 / (1 + Math.exp(-v)); }

    static double[] xw(double[] x, float[][] k) {
        double[] y = new double[k[0].length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < y.length; j++) y[j] += x[i] * k[i][j];
        return y;
    }

    static double[][] lstm(double[][] xs, float[][] k, float[][] rk, float[] b) {
        int nH = rk.length;
        double[] h = new double[nH], c = new double[nH];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] zx = xw(xs[t], k), zh = xw(h, rk);
            double[] nh = new double[nH];
            for (int u = 0; u < nH; u++) {
                double i = sig(zx[u] + zh[u] + b[u]);
                double f = sig(zx[nH + u] + zh[nH + u] + b[nH + u]);
                double cc = Math.tanh(zx[2 * nH + u] + zh[2 * nH + u] + b[2 * nH + u]);
                double o = sig(zx[3 * nH + u] + zh[3 * nH + u] + b[3 * nH + u]);
                c[u] = f * c[u] + i * cc;
                nh[u] = o * Math.tanh(c[u]);
            }
            h = nh;
            out[t] = h;
        }
        return out;
    }

    /** Keras GRU; bias is float[2][3H] (reset_after) or float[3H]. */
    static double[][] gru(double[][] xs, float[][] k, float[][] rk, Object bias) {
        int nH = rk.length;
        boolean after = bias instanceof float[][];
        float[] bi = after ? ((float[][]) bias)[0] : (float[]) bias;
        float[] br = after ? ((float[][]) bias)[1] : new float[3 * nH];
        double[] h = new double[nH];
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            double[] mx = xw(xs[t], k), mh = xw(h, rk);
            double[] nh = new double[nH];
            double[] r = new double[nH], z = new double[nH];
            for (int u = 0; u < nH; u++) {
                z[u] = sig(mx[u] + bi[u] + mh[u] + br[u]);
                r[u] = sig(mx[nH + u] + bi[nH + u] + mh[nH + u] + br[nH + u]);
            }
            for (int u = 0; u < nH; u++) {
                double hh;
                if (after) {
                    hh = Math.tanh(mx[2 * nH + u] + bi[2 * nH + u] + r[u] * (mh[2 * nH + u] + br[2 * nH + u]));
                } else {
                    double s = mx[2 * nH + u] + bi[2 * nH + u];
                    for (int j = 0; j < nH; j++) s += r[j] * h[j] * rk[j][2 * nH + u];
                    hh = Math.tanh(s);
                }
                nh[u] = z[u] * h[u] + (1 - z[u]) * hh;
            }
            h = nh;
            out[t] = h;
        }
        return out;
    }

    static double[] dense(double[] x, float[][] k, float[] b, boolean relu) {
        double[] y = xw(x, k);
        for (int j = 0; j < y.length; j++) {
            y[j] += b[j];
            if (relu) y[j] = Math.max(0, y[j]);
        }
        return y;
    }

    record Case(String name, KerasH5 file, int steps, int features, int classes, Function<double[][], double[]> logits) { }

    /** LSTM(5) -> Dropout -> Dense(4, softmax); Keras 2 names. */
    static Case lstmSoftmax() {
        int nT = 6, nI = 3, nH = 5, nK = 4;
        Random r = new Random(21);
        float[][] k = KerasH5.rnd(r, nI, 4 * nH, 0.6), rk = KerasH5.rnd(r, nH, 4 * nH, 0.6), dk = KerasH5.rnd(r, nH, nK, 0.8);
        float[] b = KerasH5.rnd(r, 4 * nH, 0.3), db = KerasH5.rnd(r, nK, 0.2);
        KerasH5 f = new KerasH5(nT, nI, false);
        f.rnn("LSTM", "lstm", nH, false, k, rk, b);
        f.layer("Dropout", "dropout").put("rate", 0.2);
        f.dense("dense", nK, "softmax", dk, db);
        return new Case("keras-lstm", f, nT, nI, nK, xs -> dense(lstm(xs, k, rk, b)[nT - 1], dk, db, false));
    }

    /** GRU(4, reset_after, return_sequences) -> GRU(5, reset_after) -> Dense(6, relu) -> Dense(3); Keras 3 names. */
    static Case gru2() {
        int nT = 5, nI = 4, nH1 = 4, nH2 = 5, nF = 6, nK = 3;
        Random r = new Random(22);
        float[][] k1 = KerasH5.rnd(r, nI, 3 * nH1, 0.6), rk1 = KerasH5.rnd(r, nH1, 3 * nH1, 0.6), b1 = KerasH5.rnd(r, 2, 3 * nH1, 0.4);
        float[][] k2 = KerasH5.rnd(r, nH1, 3 * nH2, 0.6), rk2 = KerasH5.rnd(r, nH2, 3 * nH2, 0.6), b2 = KerasH5.rnd(r, 2, 3 * nH2, 0.4);
        float[][] d1 = KerasH5.rnd(r, nH2, nF, 0.7), d2 = KerasH5.rnd(r, nF, nK, 0.7);
        float[] c1 = KerasH5.rnd(r, nF, 0.3), c2 = KerasH5.rnd(r, nK, 0.2);
        KerasH5 f = new KerasH5(nT, nI, true);
        f.rnn("GRU", "gru", nH1, true, k1, rk1, b1).put("reset_after", true);
        f.rnn("GRU", "gru_1", nH2, false, k2, rk2, b2).put("reset_after", true);
        f.dense("dense", nF, "relu", d1, c1);
        f.dense("dense_1", nK, "linear", d2, c2);
        return new Case("keras-gru2", f, nT, nI, nK, xs -> dense(dense(gru(gru(xs, k1, rk1, b1), k2, rk2, b2)[nT - 1], d1, c1, true), d2, c2, false));
    }

    /** GRU(4, reset_after=False) -> Dense(3) -> Activation(softmax). */
    static Case gruResetBefore() {
        int nT = 4, nI = 2, nH = 4, nK = 3;
        Random r = new Random(23);
        float[][] k = KerasH5.rnd(r, nI, 3 * nH, 0.7), rk = KerasH5.rnd(r, nH, 3 * nH, 0.7), dk = KerasH5.rnd(r, nH, nK, 0.8);
        float[] b = KerasH5.rnd(r, 3 * nH, 0.4), db = KerasH5.rnd(r, nK, 0.2);
        KerasH5 f = new KerasH5(nT, nI, false);
        f.rnn("GRU", "gru", nH, false, k, rk, b).put("reset_after", false);
        f.dense("dense", nK, "linear", dk, db);
        f.layer("Activation", "activation").put("activation", "softmax");
        return new Case("keras-gru-reset-before", f, nT, nI, nK, xs -> dense(gru(xs, k, rk, b)[nT - 1], dk, db, false));
    }

    @Test
    void logitsMatchTheKerasEquations() throws Exception {
        for (Case c : List.of(lstmSoftmax(), gru2(), gruResetBefore())) {
            Path p = dir.resolve(c.name() + ".h5");
            c.file().write(p);
            Network net = KerasImporter.read(p);
            assertEquals(c.steps(), net.steps());
            assertEquals(c.features(), net.features());
            assertEquals(c.classes(), net.classes());
            int n = 3;
            Random r = new Random(4);
            float[] x = new float[n * c.steps() * c.features()];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            float[] ours = Inference.logits(net, x, n);
            double max = 0, spread = 0;
            for (int s = 0; s < n; s++) {
                double[][] xs = new double[c.steps()][c.features()];
                for (int t = 0; t < c.steps(); t++) for (int i = 0; i < c.features(); i++) xs[t][i] = x[(s * c.steps() + t) * c.features() + i];
                double[] ref = c.logits().apply(xs);
                for (int k = 0; k < c.classes(); k++) {
                    max = Math.max(max, Math.abs(ours[s * c.classes() + k] - ref[k]));
                    spread = Math.max(spread, Math.abs(ref[k]));
                }
            }
            System.out.printf(Locale.ROOT, "keras import %-24s max |tinyfit - reference| = %.2e%n", c.name(), max);
            assertTrue(max < TOL, c.name() + " differs by " + max);
            assertTrue(spread > 0.05, c.name() + ": logits all near zero");
        }
    }

    @Test
    void namesProvenanceAndSoftmaxNote() throws Exception {
        Path p = dir.resolve("m.h5");
        gru2().file().write(p);
        Network net = KerasImporter.read(p);
        assertEquals("m", net.name());
        assertEquals(List.of("gru", "gru2", "fc", "fc2"), net.layers().stream().map(l -> l.name()).toList());
        assertTrue(((RnnLayer) net.layers().get(0)).linearBeforeReset());
        assertEquals("keras", net.provenance().imported().format());
        assertEquals("keras 3.4.1 (tensorflow)", net.provenance().imported().producer());
        Path q = dir.resolve("s.h5");
        lstmSoftmax().file().write(q);
        Network s = KerasImporter.read(q);
        assertTrue(s.provenance().imported().notes().toString().contains("softmax"));
        assertEquals(true, s.metadata().get("softmax_dropped"));
    }

    String refuse(KerasH5 f, String name) throws Exception {
        Path p = dir.resolve(name);
        f.write(p);
        return refuse(p);
    }

    static String refuse(Path p) {
        TinyfitFormatException e = assertThrows(TinyfitFormatException.class, () -> KerasImporter.read(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void unsupportedLayersAreNamed() throws Exception {
        Random r = new Random(1);
        KerasH5 f = new KerasH5(4, 2, false);
        f.layer("Conv1D", "conv1d_3").put("filters", 8);
        f.rnn("LSTM", "lstm", 3, false, KerasH5.rnd(r, 2, 12, 1), KerasH5.rnd(r, 3, 12, 1), new float[12]);
        f.dense("dense", 2, "linear", KerasH5.rnd(r, 3, 2, 1), new float[2]);
        String msg = refuse(f, "conv.h5");
        assertTrue(msg.contains("Conv1D layer 'conv1d_3'") && msg.contains("Sequential models of LSTM and GRU"), msg);

        KerasH5 b = new KerasH5(4, 2, false);
        b.layer("Bidirectional", "bidirectional");
        assertTrue(refuse(b, "bi.h5").contains("forward (unidirectional)"));

        KerasH5 hs = new KerasH5(4, 2, false);
        hs.rnn("GRU", "gru", 3, false, KerasH5.rnd(r, 2, 9, 1), KerasH5.rnd(r, 3, 9, 1), new float[2][9]).put("recurrent_activation", "hard_sigmoid");
        hs.dense("dense", 2, "linear", KerasH5.rnd(r, 3, 2, 1), new float[2]);
        assertTrue(refuse(hs, "hs.h5").contains("hard_sigmoid"));

        KerasH5 fn = new KerasH5(4, 2, false);
        fn.root.put("class_name", "Functional");
        assertTrue(refuse(fn, "fn.h5").contains("'Functional'"));

        KerasH5 seq = new KerasH5(4, 2, false);
        seq.rnn("LSTM", "lstm", 3, true, KerasH5.rnd(r, 2, 12, 1), KerasH5.rnd(r, 3, 12, 1), new float[12]);
        seq.dense("dense", 2, "linear", KerasH5.rnd(r, 3, 2, 1), new float[2]);
        assertTrue(refuse(seq, "seq.h5").contains("every time step"));
    }

    @Test
    void weightShapesAreCheckedAgainstTheConfig() throws Exception {
        Random r = new Random(1);
        KerasH5 f = new KerasH5(4, 2, false);
        f.rnn("LSTM", "lstm", 3, false, KerasH5.rnd(r, 2, 8, 1), KerasH5.rnd(r, 3, 12, 1), new float[12]);
        f.dense("dense", 2, "linear", KerasH5.rnd(r, 3, 2, 1), new float[2]);
        String msg = refuse(f, "shape.h5");
        assertTrue(msg.contains("lstm/lstm_cell/kernel:0") && msg.contains("[2, 8]") && msg.contains("[2, 12]"), msg);
    }

    @Test
    void symbolicStepsNeedTheOption() throws Exception {
        Case c = lstmSoftmax();
        KerasH5 f = new KerasH5(null, c.features(), false);
        Random r = new Random(1);
        f.rnn("LSTM", "lstm", 3, false, KerasH5.rnd(r, 3, 12, 1), KerasH5.rnd(r, 3, 12, 1), new float[12]);
        f.dense("dense", 2, "linear", KerasH5.rnd(r, 3, 2, 1), new float[2]);
        Path p = dir.resolve("open.h5");
        f.write(p);
        assertTrue(refuse(p).contains("--steps"));
        assertEquals(9, KerasImporter.read(p, new ImportOptions(9, null)).steps());
    }

    @Test
    void notKerasFiles() throws Exception {
        Path junk = dir.resolve("junk.h5");
        byte[] b = new byte[5000];
        new Random(2).nextBytes(b);
        Files.write(junk, b);
        assertTrue(refuse(junk).contains("HDF5"));
        Path trunc = dir.resolve("trunc.h5");
        Path full = dir.resolve("full.h5");
        lstmSoftmax().file().write(full);
        byte[] all = Files.readAllBytes(full);
        Files.write(trunc, java.util.Arrays.copyOf(all, all.length / 2));
        refuse(trunc);
        Path weightsOnly = dir.resolve("w.h5");
        try (var w = io.jhdf.HdfFile.write(weightsOnly)) {
            w.putGroup("lstm");
        }
        assertTrue(refuse(weightsOnly).contains("model_config"));
        Path zip = dir.resolve("m.keras");
        Files.write(zip, new byte[] {'P', 'K', 3, 4});
        assertTrue(refuse(zip).contains(".h5"));
    }
}
