package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.Kron;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import org.tinyfit.model.kernels.Int8Kernels;
import org.tinyfit.model.kernels.KronKernels;

/**
 * W = B kron C with B m1 x n1 and C m2 x n2: y = vec(C X B^T) in the cheaper order
 * ({@link Kron#cxFirst}), never forming W. Stored values m1*n1 + m2*n2.
 */
public final class KpOp implements CompressedOp {
    private final QTensor b;
    private final QTensor c;
    private final boolean cxFirst;
    private final boolean int8;
    private final byte[] b8;
    private final byte[] c8;
    private final float[] ct;

    public KpOp(QTensor b, QTensor c, boolean int8Activations) {
        if (!b.role().equals("b") || !c.role().equals("c")) throw new IllegalArgumentException("KP tensors must be 'b' and 'c', got " + b.role() + ", " + c.role());
        if (b.bits() != c.bits()) throw new IllegalArgumentException("KP factors must share one bit width, got " + b.bits() + " and " + c.bits());
        if (b.size() == 0 || c.size() == 0) throw new IllegalArgumentException("KP factors must not be empty");
        this.b = b;
        this.c = c;
        this.cxFirst = Kron.cxFirst(b.rows(), b.cols(), c.rows(), c.cols());
        this.ct = KronKernels.transpose(c.values(), c.rows(), c.cols());
        this.int8 = int8Activations;
        boolean i8 = int8Activations && b.bits() <= 8;
        this.b8 = i8 ? b.codesInt8() : null;
        this.c8 = i8 ? c.codesInt8() : null;
    }

    /** A float32 KP op from factor values. */
    public static KpOp of(float[] b, int m1, int n1, float[] c, int m2, int n2) {
        return new KpOp(QTensor.of("b", b, m1, n1), QTensor.of("c", c, m2, n2), false);
    }

    public QTensor b() { return b; }
    public QTensor c() { return c; }
    public int m1() { return b.rows(); }
    public int n1() { return b.cols(); }
    public int m2() { return c.rows(); }
    public int n2() { return c.cols(); }
    /** True for the order (C X) B^T, false for C (X B^T). */
    public boolean cxFirst() { return cxFirst; }

    @Override public TechniqueSpec spec() { return new TechniqueSpec.Kp(m1(), n1(), m2(), n2()); }
    @Override public int bits() { return b.bits(); }
    @Override public boolean int8Activations() { return int8; }
    @Override public List<QTensor> tensors() { return List.of(b, c); }
    @Override public KpOp withBits(int bits) { return new KpOp(b.withBits(bits), c.withBits(bits), int8); }
    @Override public KpOp withInt8Activations(boolean on) { return new KpOp(b, c, on); }
    @Override public int rows() { return m1() * m2(); }
    @Override public int cols() { return n1() * n2(); }
    @Override public int workSize() { return KronKernels.workSize(m1(), n1(), m2(), n2(), cxFirst); }

    @Override public void apply(float[] x, int xOff, float[] y, int yOff, float[] work) {
        if (b8 == null) {
            KronKernels.matvec(b.values(), m1(), n1(), c.values(), ct, m2(), n2(), cxFirst, x, xOff, y, yOff, work, 0);
            return;
        }
        I8Work s = i8Work(0);
        float sx = Quant.quantizeInt8(x, xOff, cols(), s.xq, 0);
        applyInt8(s, sx, y, yOff);
    }

    /** Int8 scratch for this KP, with at least {@code minAcc} int accumulators (for callers that also need them). */
    I8Work i8Work(int minAcc) {
        int inter = KronKernels.workSize(m1(), n1(), m2(), n2(), cxFirst);
        return I8Work.get(cols(), inter, Math.max(minAcc, Int8Kernels.kpIntWork(m1(), n1(), m2(), n2(), cxFirst)), inter);
    }

    /** Integer path on an already quantized input in {@code s.xq[0..cols)} with scale sx. */
    void applyInt8(I8Work s, float sx, float[] y, int yOff) {
        Int8Kernels.kpMatvec(b8, b.scale(), m1(), n1(), c8, c.scale(), m2(), n2(), cxFirst,
                s.xq, 0, sx, y, yOff, s.acc, s.f, s.q);
    }

    /** Batched kernels for blocks of samples ({@link BatchForms}). */
    @Override public org.tinyfit.model.net.BatchOp batched() { return BatchForms.kp(this); }

    @Override public float[] toDense() {
        return KronKernels.kron(b.values(), m1(), n1(), c.values(), m2(), n2());
    }

    @Override public long storedValues() { return (long) b.size() + c.size(); }
}
