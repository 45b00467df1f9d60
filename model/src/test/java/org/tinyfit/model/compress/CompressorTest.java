package org.tinyfit.model.compress;

import org.tinyfit.model.plan.Activations;
import org.tinyfit.model.plan.MatrixPlan;
import org.tinyfit.model.plan.CompressionPlan;
import org.tinyfit.model.plan.TechniqueSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.net.CellType;
import org.tinyfit.model.net.DenseOp;
import org.tinyfit.model.net.Inference;
import org.tinyfit.model.net.Layer;
import org.tinyfit.model.net.Network;
import org.tinyfit.model.net.TestNets;
import org.tinyfit.model.provenance.Provenance;

/** Plans applied to whole networks: compressed inference equals inference with the reconstructed dense matrices. */
class CompressorTest {

    static Network reconstructed(Network net) {
        List<Layer> ls = new ArrayList<>();
        for (Layer l : net.layers()) ls.add(l.withKernel(new DenseOp(l.kernel().toDense(), l.kernel().rows(), l.kernel().cols())));
        return net.withLayers(ls, net.provenance());
    }

    static void assertSameLogits(Network a, Network b, float[] x, int n) {
        float[] la = Inference.logits(a, x, n), lb = Inference.logits(b, x, n);
        double d = 0, s = 0;
        for (int i = 0; i < la.length; i++) { d += (la[i] - lb[i]) * (double) (la[i] - lb[i]); s += (double) lb[i] * lb[i]; }
        assertTrue(Math.sqrt(d) <= 1e-4 * Math.sqrt(s) + 1e-6, "logits differ by " + Math.sqrt(d));
    }

    @Test void everyCellUnderEveryTechnique() {
        Random r = new Random(31);
        int steps = 5, features = 6, hidden = 8, classes = 4, n = 7;
        for (CellType cell : CellType.values()) {
            Network net = TestNets.classifier(32, steps, features, classes, hidden, cell);
            int m = cell.gates() * hidden, cols = features + hidden; // 14 columns
            float[] x = TestNets.rand(r, n * steps * features, 1.0);
            List<MatrixPlan> plans = List.of(
                    new MatrixPlan(new TechniqueSpec.Kp(m / 2, 7, 2, 2), 32),
                    new MatrixPlan(new TechniqueSpec.Hkp(2, m - 2, 7, 1, 2), 8),
                    new MatrixPlan(new TechniqueSpec.Dkp(m / 4, 2, 4, 7, 0.1), 32),
                    new MatrixPlan(new TechniqueSpec.Lmf(3), 16),
                    new MatrixPlan(new TechniqueSpec.Pruned(0.7), 4),
                    new MatrixPlan(new TechniqueSpec.Dense(), 6));
            for (MatrixPlan p : plans) {
                Map<String, MatrixPlan> mp = new LinkedHashMap<>();
                mp.put("rnn0.kernel", p);
                mp.put("fc.kernel", new MatrixPlan(new TechniqueSpec.Lmf(2), 8));
                Network c = Compressor.apply(net, new CompressionPlan(mp, Activations.FLOAT32));
                assertEquals(p.technique().id(), ((CompressedOp) c.layers().get(0).kernel()).spec().id());
                assertEquals(cols, c.layers().get(0).kernel().cols());
                assertSameLogits(c, reconstructed(c), x, n);
            }
        }
    }

    @Test void int8ActivationsRunTheIntegerKernelsAndStayClose() {
        Network net = TestNets.classifier(33, 6, 5, 3, 10, CellType.LSTM);
        Map<String, MatrixPlan> mp = Map.of("rnn0.kernel", new MatrixPlan(new TechniqueSpec.Kp(8, 3, 5, 5), 8),
                "fc.kernel", new MatrixPlan(new TechniqueSpec.Dense(), 8));
        Network f = Compressor.apply(net, new CompressionPlan(mp, Activations.FLOAT32));
        Network i8 = Compressor.apply(net, new CompressionPlan(mp, Activations.INT8));
        assertTrue(((CompressedOp) i8.layers().get(0).kernel()).runsInt8());
        float[] x = TestNets.rand(new Random(3), 4 * 30, 1.0);
        float[] lf = Inference.logits(f, x, 4), li = Inference.logits(i8, x, 4);
        double d = 0, s = 0;
        for (int k = 0; k < lf.length; k++) { d += Math.pow(lf[k] - li[k], 2); s += lf[k] * (double) lf[k]; }
        assertTrue(Math.sqrt(d / s) < 0.05, "int8 logits differ by " + Math.sqrt(d / s));
    }

    @Test void aMatrixThatHasTheStructureIsOnlyRequantized() {
        Network net = TestNets.classifier(34, 3, 4, 2, 6, CellType.GRU);
        CompressionPlan kp = new CompressionPlan(Map.of("rnn0.kernel", new MatrixPlan(new TechniqueSpec.Kp(9, 5, 2, 2), 32)), Activations.FLOAT32);
        Network once = Compressor.apply(net, kp);
        KpOp trained = (KpOp) once.layers().get(0).kernel();
        // pretend training moved the factors away from the projection
        float[] b = trained.b().values().clone();
        b[0] += 0.5f;
        Network moved = once.withLayers(List.of(once.layers().get(0).withKernel(KpOp.of(b, 9, 5, trained.c().values(), 2, 2)), once.layers().get(1)), Provenance.NONE);
        CompressionPlan kp8 = new CompressionPlan(Map.of("rnn0.kernel", new MatrixPlan(new TechniqueSpec.Kp(9, 5, 2, 2), 8)), Activations.FLOAT32);
        KpOp q = (KpOp) Compressor.apply(moved, kp8).layers().get(0).kernel();
        assertEquals(8, q.bits());
        assertEquals(b[0], q.b().values()[0], q.b().scale() / 2 + 1e-7, "factors kept, not re-projected");
        // unnamed matrices stay as stored
        assertSame(moved.layers().get(1), Compressor.apply(moved, kp8).layers().get(1));
    }

    @Test void badPlanNamesTheMatrix() {
        Network net = TestNets.classifier(35, 3, 4, 2, 6, CellType.LSTM);
        CompressionPlan bad = new CompressionPlan(Map.of("rnn0.kernel", new MatrixPlan(new TechniqueSpec.Kp(5, 5, 5, 2), 32)), Activations.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compressor.apply(net, bad));
        assertTrue(e.getMessage().startsWith("rnn0.kernel: "), e.getMessage());
    }
}
