package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import org.tinyfit.model.kernels.DenseKernels;
import org.tinyfit.model.kernels.Int8Kernels;

/**
 * Hybrid KP: W = [A ; B kron C], A the first r rows (r x n, dense), B kron C the other
 * m - r rows. Stored values r*n + m1*n1 + m2*n2. r may be 0.
 */
public final class HkpOp implements CompressedOp {
    private final QTensor a;
    private final KpOp kp;
    private final byte[] a8;

    public HkpOp(QTensor a, KpOp kp) {
        if (!a.role().equals("a")) throw new IllegalArgumentException("HKP dense rows must be tensor 'a', got " + a.role());
        if (a.size() > 0 && a.cols() != kp.cols()) throw new IllegalArgumentException("HKP rows have " + a.cols() + " columns, the KP block " + kp.cols());
        if (a.bits() != kp.bits()) throw new IllegalArgumentException("HKP tensors must share one bit width");
        this.a = a;
        this.kp = kp;
        this.a8 = kp.runsInt8() ? a.codesInt8() : null;
    }

    public QTensor a() { return a; }
    public KpOp kp() { return kp; }
    /** Dense rows r. */
    public int r() { return a.rows(); }

    @Override public TechniqueSpec spec() { return new TechniqueSpec.Hkp(r(), kp.m1(), kp.n1(), kp.m2(), kp.n2()); }
    @Override public int bits() { return kp.bits(); }
    @Override public boolean int8Activations() { return kp.int8Activations(); }
    @Override public List<QTensor> tensors() { return List.of(a, kp.b(), kp.c()); }
    @Override public HkpOp withBits(int bits) { return new HkpOp(a.withBits(bits), kp.withBits(bits)); }
    @Override public HkpOp withInt8Activations(boolean on) { return new HkpOp(a, kp.withInt8Activations(on)); }
    @Override public int rows() { return r() + kp.rows(); }
    @Override public int cols() { return kp.cols(); }
    @Override public int workSize() { return kp.workSize(); }

    @Override public void apply(float[] x, int xOff, float[] y, int yOff, float[] work) {
        int r = r(), n = cols();
        if (!kp.runsInt8()) {
            if (r > 0) DenseKernels.matvec(a.values(), r, n, x, xOff, y, yOff);
            kp.apply(x, xOff, y, yOff + r, work);
            return;
        }
        I8Work s = kp.i8Work(r);
        float sx = Quant.quantizeInt8(x, xOff, n, s.xq, 0);
        if (r > 0) {
            Int8Kernels.matvec(a8, r, n, s.xq, 0, s.acc, 0);
            Int8Kernels.dequant(s.acc, 0, r, a.scale() * sx, y, yOff);
        }
        kp.applyInt8(s, sx, y, yOff + r);
    }

    /** Batched kernels for blocks of samples ({@link BatchForms}). */
    @Override public org.tinyfit.model.net.BatchOp batched() { return BatchForms.hkp(this); }

    @Override public float[] toDense() {
        int n = cols();
        float[] w = new float[rows() * n];
        System.arraycopy(a.values(), 0, w, 0, a.size());
        float[] lower = kp.toDense();
        System.arraycopy(lower, 0, w, r() * n, lower.length);
        return w;
    }

    @Override public long storedValues() { return (long) a.size() + kp.storedValues(); }
}
