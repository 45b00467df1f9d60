package org.tinyfit.model.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyfit.model.provenance.Provenance;

/**
 * One hidden unit, one input, two steps x = (1, -2). Expected values were
 * computed by hand-written Python from the cell equations in docs/METHODS.md ("Cells") and the
 * ONNX GRU definition (not from this code).
 */
class CellHandComputedTest {

    private static float lastHidden(RnnLayer layer) {
        float[] x = {1f, -2f};
        float[] h = new float[1];
        layer.forward(x, 0, 1, 2, null, 0, h, 0, new float[layer.stateSize()], new float[Math.max(1, layer.kernelWorkSize())]);
        return h[0];
    }

    @Test
    void lstm() {
        float[] w = {0.5f, 0.1f, 0.3f, -0.2f, 1.0f, 0.4f, 0.0f, 0.7f};
        RnnLayer l = new RnnLayer("l", CellType.LSTM, 1, 1, new DenseOp(w, 4, 2), new float[] {0, 1, 0, -0.5f}, null, false, null);
        assertEquals(0.007674185136739693, lastHidden(l), 1e-6);
    }

    @Test
    void gruDefault() {
        float[] w = {0.5f, -0.3f, 0.2f, 0.8f, 1.1f, 0.6f};
        RnnLayer l = new RnnLayer("g", CellType.GRU, 1, 1, new DenseOp(w, 3, 2), new float[] {0.1f, -0.1f, 0.2f}, null, false, null);
        assertEquals(-0.6160867415946589, lastHidden(l), 1e-6);
    }

    @Test
    void gruLinearBeforeReset() {
        float[] w = {0.5f, -0.3f, 0.2f, 0.8f, 1.1f, 0.6f};
        RnnLayer l = new RnnLayer("g", CellType.GRU, 1, 1, new DenseOp(w, 3, 2), new float[] {0.1f, -0.1f, 0.2f}, new float[] {0.3f}, true, null);
        assertEquals(-0.6043406556575524, lastHidden(l), 1e-6);
    }

    @Test
    void fastRnn() {
        RnnLayer l = new RnnLayer("f", CellType.FASTRNN, 1, 1, new DenseOp(new float[] {0.9f, 0.5f}, 1, 2), new float[] {0.1f}, null, false, new float[] {-3f, 3f});
        assertEquals(-0.009847413931553618, lastHidden(l), 1e-6);
    }

    @Test
    void fastGrnn() {
        RnnLayer l = new RnnLayer("f", CellType.FASTGRNN, 1, 1, new DenseOp(new float[] {0.9f, 0.5f}, 1, 2), new float[] {0.2f, -0.1f}, null, false, new float[] {1f, -4f});
        assertEquals(-0.5647805319803413, lastHidden(l), 1e-6);
    }

    @Test
    void denseActivations() {
        DenseLayer d = new DenseLayer("d", 2, 2, new DenseOp(new float[] {1, -1, 2, 0.5f}, 2, 2), new float[] {0.5f, -3f}, Activation.RELU);
        float[] y = new float[2];
        d.forward(new float[] {1f, 2f}, 0, y, 0, new float[0]);
        assertEquals(0f, y[0]);        // relu(1 - 2 + 0.5) = 0
        assertEquals(0f, y[1]);        // relu(2 + 1 - 3) = 0
        DenseLayer t = new DenseLayer("d", 2, 1, new DenseOp(new float[] {1, 1}, 1, 2), new float[] {0f}, Activation.SIGMOID);
        t.forward(new float[] {0.25f, 0.25f}, 0, y, 0, new float[0]);
        assertEquals(0.6224593312018546, y[0], 1e-7);
    }

    @Test
    void networkOfDenseOnlyFlattensInput() {
        DenseLayer d = new DenseLayer("fc", 4, 2, new DenseOp(new float[] {1, 0, 0, 0, 0, 0, 0, 1}, 2, 4), new float[2], Activation.NONE);
        Network net = new Network("flat", 2, 2, List.of(d), List.of("a", "b"), Map.of(), Provenance.NONE, Map.of());
        float[] out = Inference.logits(net, new float[] {3, 4, 5, 6}, 1);
        assertEquals(3f, out[0]);
        assertEquals(6f, out[1]);
    }
}
