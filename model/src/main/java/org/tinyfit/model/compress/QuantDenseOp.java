package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import org.tinyfit.model.kernels.DenseKernels;
import org.tinyfit.model.kernels.Int8Kernels;

/** A dense m x n matrix with quantized (or float32) weights: technique {@code dense} at b bits. */
public final class QuantDenseOp implements CompressedOp {
    private final QTensor w;
    private final boolean int8;
    private final byte[] w8;

    public QuantDenseOp(QTensor w, boolean int8Activations) {
        if (!w.role().equals("w")) throw new IllegalArgumentException("dense tensor role must be 'w', got " + w.role());
        this.w = w;
        this.int8 = int8Activations;
        this.w8 = int8Activations && w.bits() <= 8 ? w.codesInt8() : null;
    }

    public QTensor w() { return w; }

    @Override public TechniqueSpec spec() { return new TechniqueSpec.Dense(); }
    @Override public int bits() { return w.bits(); }
    @Override public boolean int8Activations() { return int8; }
    @Override public List<QTensor> tensors() { return List.of(w); }
    @Override public CompressedOp withBits(int bits) { return new QuantDenseOp(w.withBits(bits), int8); }
    @Override public CompressedOp withInt8Activations(boolean on) { return new QuantDenseOp(w, on); }
    @Override public int rows() { return w.rows(); }
    @Override public int cols() { return w.cols(); }
    @Override public int workSize() { return 0; }

    @Override public void apply(float[] x, int xOff, float[] y, int yOff, float[] work) {
        int m = w.rows(), n = w.cols();
        if (w8 == null) {
            DenseKernels.matvec(w.values(), m, n, x, xOff, y, yOff);
            return;
        }
        I8Work s = I8Work.get(n, 0, m, 0);
        float sx = org.tinyfit.model.kernels.Quant.quantizeInt8(x, xOff, n, s.xq, 0);
        Int8Kernels.matvec(w8, m, n, s.xq, 0, s.acc, 0);
        Int8Kernels.dequant(s.acc, 0, m, w.scale() * sx, y, yOff);
    }

    /** Batched kernels for blocks of samples ({@link BatchForms}). */
    @Override public org.tinyfit.model.net.BatchOp batched() { return BatchForms.dense(this); }

    @Override public float[] toDense() { return w.values().clone(); }
    @Override public long storedValues() { return w.size(); }
}
