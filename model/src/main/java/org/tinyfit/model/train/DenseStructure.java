package org.tinyfit.model.train;

import java.util.List;
import java.util.Random;
import org.tinyfit.model.compress.CompressedOp;
import org.tinyfit.model.compress.QTensor;
import org.tinyfit.model.compress.QuantDenseOp;
import org.tinyfit.model.net.LinearOp;

/** A dense matrix, trained quantization-aware when b &lt; 32 (dL/dW passes straight through). */
final class DenseStructure extends Structure {
    final double[] w, g, q;

    DenseStructure(int rows, int cols, int bits) {
        super(rows, cols, bits);
        w = new double[rows * cols];
        g = new double[w.length];
        q = new double[w.length];
    }

    @Override public List<double[]> params() { return List.of(w); }
    @Override public List<double[]> grads() { return List.of(g); }

    @Override public void forward(double[] out, long step, long total, Random rnd) {
        fakeQuant(w, q);
        System.arraycopy(q, 0, out, 0, q.length);
    }

    @Override public void backward(double[] dW) { System.arraycopy(dW, 0, g, 0, g.length); }

    @Override public void initScratch(Random rnd, double limit) { uniform(rnd, w, limit); }

    @Override public void initFrom(LinearOp op) { fromFloat(op.toDense(), w); }

    @Override public CompressedOp toOp() {
        return new QuantDenseOp(QTensor.of("w", toFloat(w), rows, cols), false).withBits(bits);
    }
}
