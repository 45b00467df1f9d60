package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.provenance.Provenance;
import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.net.Activation;
import org.tinyfit.model.net.BatchInference;
import org.tinyfit.model.net.BatchOp;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.PerSampleBatch;
import org.tinyfit.model.net.TestNets;

/**
 * The batched fast path against the per-sample reference inference: every cell, every technique,
 * bit widths and both activation types.
 */
class BatchInferenceTest {
    static final int STEPS = 5, FEATURES = 6, HIDDEN = 8, CLASSES = 4;

    /** Largest |a - b| over max(1, max |b|). */
    static double relMaxDiff(float[] a, float[] b) {
        double d = 0, s = 1;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            s = Math.max(s, Math.abs(b[i]));
        }
        return d / s;
    }

    static List<MatrixPlan> plans(int m) {
        return List.of(
                new MatrixPlan(new TechniqueSpec.Dense(), 32),
                new MatrixPlan(new TechniqueSpec.Dense(), 8),
                new MatrixPlan(new TechniqueSpec.Dense(), 16),
                new MatrixPlan(new TechniqueSpec.Kp(m / 2, 7, 2, 2), 32),
                new MatrixPlan(new TechniqueSpec.Kp(m / 2, 7, 2, 2), 8),
                new MatrixPlan(new TechniqueSpec.Kp(2, 2, m / 2, 7), 4),
                new MatrixPlan(new TechniqueSpec.Hkp(2, m - 2, 7, 1, 2), 8),
                new MatrixPlan(new TechniqueSpec.Hkp(2, m - 2, 7, 1, 2), 32),
                new MatrixPlan(new TechniqueSpec.Dkp(m / 4, 2, 4, 7, 0.1), 32),
                new MatrixPlan(new TechniqueSpec.Dkp(m / 4, 2, 4, 7, 0.1), 8),
                new MatrixPlan(new TechniqueSpec.Lmf(3), 32),
                new MatrixPlan(new TechniqueSpec.Lmf(3), 6),
                new MatrixPlan(new TechniqueSpec.Pruned(0.7), 32),
                new MatrixPlan(new TechniqueSpec.Pruned(0.7), 4));
    }

    static Network variant(Network net, MatrixPlan p, Activations act) {
        Map<String, MatrixPlan> mp = new LinkedHashMap<>();
        for (Layer l : net.layers()) if (l.name().startsWith("rnn")) mp.put(l.kernelName(), p);
        mp.put("fc.kernel", new MatrixPlan(new TechniqueSpec.Lmf(2), p.bits()));
        return Compressor.apply(net, new CompressionPlan(mp, act));
    }

    static Network gruLbr(long seed) {
        Random r = new Random(seed);
        List<Layer> ls = List.of(TestNets.rnn(r, "rnn0", CellType.GRU, FEATURES, HIDDEN, true),
                TestNets.dense(r, "fc", HIDDEN, CLASSES, Activation.NONE));
        return new Network("lbr", STEPS, FEATURES, ls, null, Map.of(), Provenance.NONE, Map.of());
    }

    static List<Network> cells() {
        List<Network> out = new ArrayList<>();
        for (CellType c : CellType.values()) out.add(TestNets.classifier(40 + c.ordinal(), STEPS, FEATURES, CLASSES, HIDDEN, c));
        out.add(gruLbr(47));
        return out;
    }

    @Test void everyCellTechniqueBitWidthAndActivationAgreesWithTheReference() {
        Random r = new Random(5);
        int n = 75; // one full block and a partial one
        float[] x = TestNets.rand(r, n * STEPS * FEATURES, 1.0);
        double worstFloat = 0, worstInt8 = 0;
        int checked = 0, int8Exact = 0, int8Total = 0;
        for (Network net : cells()) {
            int m = net.layers().get(0).kernel().rows();
            for (MatrixPlan p : plans(m)) {
                for (Activations act : Activations.values()) {
                    Network v = variant(net, p, act);
                    float[] ref = Inference.logits(v, x, n);
                    float[] got = BatchInference.logits(v, x, n);
                    double d = relMaxDiff(got, ref);
                    String what = net.layers().get(0).typeId() + " " + p + " " + act;
                    if (act == Activations.INT8 && p.bits() <= 8) {
                        // integer sums are exact; only a code that the float nonlinearity moves across a rounding
                        // boundary can differ, by about one quantization step
                        worstInt8 = Math.max(worstInt8, d);
                        assertTrue(d < 2e-2, what + ": " + d);
                        int8Total++;
                        if (d < 1e-5) int8Exact++;
                    } else {
                        worstFloat = Math.max(worstFloat, d);
                        assertTrue(d < 2e-5, what + ": " + d);
                    }
                    checked++;
                }
            }
        }
        assertEquals(5 * 14 * 2, checked);
        assertTrue(int8Exact * 10 >= int8Total * 8, "int8 variants within 1e-5: " + int8Exact + " of " + int8Total);
        System.out.printf("batched vs per-sample: worst float %.2e, worst int8 %.2e (%d of %d int8 within 1e-5)%n",
                worstFloat, worstInt8, int8Exact, int8Total);
    }

    @Test void stackedLayersDenseHiddenLayersAndNoRnn() {
        Random r = new Random(9);
        int n = 70;
        float[] x = TestNets.rand(r, n * STEPS * FEATURES, 1.0);
        Network stacked = TestNets.classifier(3, STEPS, FEATURES, CLASSES, HIDDEN, CellType.LSTM, CellType.GRU, CellType.FASTGRNN);
        List<Layer> ls = new ArrayList<>(stacked.layers().subList(0, 3));
        ls.add(TestNets.dense(r, "hid", HIDDEN, 9, Activation.RELU));
        ls.add(TestNets.dense(r, "hid2", 9, 7, Activation.TANH));
        ls.add(TestNets.dense(r, "hid3", 7, 5, Activation.SIGMOID));
        ls.add(TestNets.dense(r, "fc", 5, CLASSES, Activation.NONE));
        Network deep = stacked.withLayers(ls, Provenance.NONE);
        Network flat = TestNets.classifier(4, STEPS, FEATURES, CLASSES, HIDDEN);
        for (Network net : List.of(stacked, deep, flat)) {
            double d = relMaxDiff(BatchInference.logits(net, x, n), Inference.logits(net, x, n));
            assertTrue(d < 2e-5, net.layers().size() + " layers: " + d);
        }
    }

    @Test void resultsDoNotDependOnThreadsOrBlockPosition() {
        Random r = new Random(11);
        int n = 3 * BatchInference.BLOCK + 5;
        float[] x = TestNets.rand(r, n * STEPS * FEATURES, 1.0);
        for (Network net : cells()) {
            Network v = variant(net, new MatrixPlan(new TechniqueSpec.Kp(net.layers().get(0).kernel().rows() / 2, 7, 2, 2), 32), Activations.FLOAT32);
            BatchInference.Prepared p = new BatchInference.Prepared(v);
            float[] one = BatchInference.logits(p, x, n, 1);
            float[] two = BatchInference.logits(p, x, n, 2);
            assertArrayEquals(one, two);
            // sample 70 alone (first column of its own block) gives the same bits as inside a block
            int per = STEPS * FEATURES;
            float[] single = BatchInference.logits(p, java.util.Arrays.copyOfRange(x, 70 * per, 71 * per), 1, 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(one, 70 * CLASSES, 71 * CLASSES), single);
        }
    }

    @Test void batchedOpsMatchTheirPerSampleForm() {
        Random r = new Random(13);
        int m = 12, n = 14, nb = 19, ld = 23;
        float[] w = TestNets.rand(r, m * n, 0.5);
        LinearOp dense = new DenseOp(w, m, n);
        List<MatrixPlan> ps = new ArrayList<>(plans(m));
        for (MatrixPlan p : ps) {
            for (boolean int8 : new boolean[] {false, true}) {
                LinearOp op = Compressor.compress(dense, p, int8);
                BatchOp fast = op.batched(), slow = new PerSampleBatch(op);
                float[] x = TestNets.rand(r, n * ld + 3, 1.0);
                float[] yf = new float[m * ld + 2], ys = new float[m * ld + 2];
                float[] work = new float[Math.max(fast.blockWorkSize(nb), slow.blockWorkSize(nb))];
                fast.apply(x, 3, ld, yf, 2, ld, nb, work);
                slow.apply(x, 3, ld, ys, 2, ld, nb, work);
                if (int8 && p.bits() <= 8) assertArrayEquals(ys, yf, p + " int8: integer sums are exact");
                else assertTrue(relMaxDiff(yf, ys) < 1e-5, p + ": " + relMaxDiff(yf, ys));
                // a block of rows and columns
                java.util.Arrays.fill(yf, 0f);
                java.util.Arrays.fill(ys, 0f);
                fast.applyBlock(x, 3, ld, 2, 9, 1, 7, yf, 2, ld, nb, work);
                slow.applyBlock(x, 3, ld, 2, 9, 1, 7, ys, 2, ld, nb, work);
                if (int8 && p.bits() <= 8) assertArrayEquals(ys, yf, p + " int8 block");
                else assertTrue(relMaxDiff(yf, ys) < 1e-5, p + " block: " + relMaxDiff(yf, ys));
            }
        }
    }

    @Test void int8ColumnQuantizationIsThePerSampleRule() {
        Random r = new Random(17);
        int rows = 29, nb = 13;
        float[] x = TestNets.rand(r, rows * nb, 2.0);
        for (int i = 0; i < rows; i++) x[i * nb + 4] = 0f; // an all-zero column
        x[3 * nb + 5] = 127.5f * 0.01f;
        float[] s = new float[nb], q = new float[rows * nb];
        org.tinyfit.model.kernels.BlockKernels.quantizeColumns(rows, nb, x, 0, nb, s, 0, q, 0, nb);
        for (int j = 0; j < nb; j++) {
            float[] col = new float[rows];
            for (int i = 0; i < rows; i++) col[i] = x[i * nb + j];
            byte[] ref = new byte[rows];
            float sr = Quant.quantizeInt8(col, 0, rows, ref, 0);
            assertEquals(sr, s[j], 0f);
            for (int i = 0; i < rows; i++) assertEquals(ref[i], q[i * nb + j], 0f);
        }
    }
}
