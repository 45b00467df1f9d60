package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import org.tinyfit.model.kernels.DenseKernels;
import org.tinyfit.model.kernels.Int8Kernels;

/** Low rank: W = U V, U m x r, V r x n; y = U (V x). Stored values r*(m + n). */
public final class LmfOp implements CompressedOp {
    private final QTensor u;
    private final QTensor v;
    private final boolean int8;
    private final byte[] u8;
    private final byte[] v8;

    public LmfOp(QTensor u, QTensor v, boolean int8Activations) {
        if (!u.role().equals("u") || !v.role().equals("v")) throw new IllegalArgumentException("LMF tensors must be 'u' and 'v', got " + u.role() + ", " + v.role());
        if (u.cols() != v.rows() || u.cols() <= 0) throw new IllegalArgumentException("LMF U is " + u.rows() + "x" + u.cols() + " and V " + v.rows() + "x" + v.cols() + ": ranks must agree and be positive");
        if (u.bits() != v.bits()) throw new IllegalArgumentException("LMF tensors must share one bit width");
        this.u = u;
        this.v = v;
        this.int8 = int8Activations;
        boolean i8 = int8Activations && u.bits() <= 8;
        this.u8 = i8 ? u.codesInt8() : null;
        this.v8 = i8 ? v.codesInt8() : null;
    }

    public QTensor u() { return u; }
    public QTensor v() { return v; }
    public int rank() { return u.cols(); }

    @Override public TechniqueSpec spec() { return new TechniqueSpec.Lmf(rank()); }
    @Override public int bits() { return u.bits(); }
    @Override public boolean int8Activations() { return int8; }
    @Override public List<QTensor> tensors() { return List.of(u, v); }
    @Override public LmfOp withBits(int bits) { return new LmfOp(u.withBits(bits), v.withBits(bits), int8); }
    @Override public LmfOp withInt8Activations(boolean on) { return new LmfOp(u, v, on); }
    @Override public int rows() { return u.rows(); }
    @Override public int cols() { return v.cols(); }
    @Override public int workSize() { return rank(); }

    @Override public void apply(float[] x, int xOff, float[] y, int yOff, float[] work) {
        int r = rank();
        if (u8 == null) {
            DenseKernels.matvec(v.values(), r, cols(), x, xOff, work, 0);
            DenseKernels.matvec(u.values(), rows(), r, work, 0, y, yOff);
            return;
        }
        I8Work s = I8Work.get(cols(), r, Math.max(r, rows()), r);
        float sx = Quant.quantizeInt8(x, xOff, cols(), s.xq, 0);
        Int8Kernels.matvec(v8, r, cols(), s.xq, 0, s.acc, 0);
        float st = Int8Kernels.requant(s.acc, 0, r, v.scale() * sx, s.f, 0, s.q, 0);
        Int8Kernels.matvec(u8, rows(), r, s.q, 0, s.acc, 0);
        Int8Kernels.dequant(s.acc, 0, rows(), u.scale() * st, y, yOff);
    }

    /** Batched kernels for blocks of samples ({@link BatchForms}). */
    @Override public org.tinyfit.model.net.BatchOp batched() { return BatchForms.lmf(this); }

    @Override public float[] toDense() {
        int m = rows(), n = cols(), r = rank();
        float[] w = new float[m * n];
        float[] uv = u.values(), vv = v.values();
        for (int i = 0; i < m; i++)
            for (int k = 0; k < r; k++) {
                float uik = uv[i * r + k];
                for (int j = 0; j < n; j++) w[i * n + j] += uik * vv[k * n + j];
            }
        return w;
    }

    @Override public long storedValues() { return (long) r() * (rows() + cols()); }

    private int r() { return rank(); }
}
