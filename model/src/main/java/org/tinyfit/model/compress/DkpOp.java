package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import org.tinyfit.model.kernels.Int8Kernels;
import org.tinyfit.model.kernels.SparseKernels;

/**
 * Doped KP: W = B kron C + S, S a sparse overlay (CSR index, values tensor
 * {@code s}, 1 x nnz). y = KP(x) + S x. Stored values m1*n1 + m2*n2 + nnz(S).
 * The density in {@link #spec()} is the nominal density the op was built for
 * (nnz = round(d m n)); a trained overlay may hold fewer non-zeros.
 */
public final class DkpOp implements CompressedOp {
    private final KpOp kp;
    private final Csr index;
    private final QTensor s;
    private final double density;
    private final byte[] s8;

    public DkpOp(KpOp kp, Csr index, QTensor s, double density) {
        if (!s.role().equals("s")) throw new IllegalArgumentException("DKP overlay must be tensor 's', got " + s.role());
        if (index.rows() != kp.rows() || index.cols() != kp.cols()) throw new IllegalArgumentException("DKP overlay is " + index.rows() + "x" + index.cols() + ", the KP part " + kp.rows() + "x" + kp.cols());
        if (s.size() != index.nnz()) throw new IllegalArgumentException("DKP overlay has " + index.nnz() + " positions but " + s.size() + " values");
        if (s.bits() != kp.bits()) throw new IllegalArgumentException("DKP tensors must share one bit width");
        if (!(density > 0 && density <= 1)) throw new IllegalArgumentException("DKP density must be in (0, 1], got " + density);
        this.kp = kp;
        this.index = index;
        this.s = s;
        this.density = density;
        this.s8 = kp.runsInt8() ? s.codesInt8() : null;
    }

    public KpOp kp() { return kp; }
    public Csr index() { return index; }
    public QTensor overlay() { return s; }
    public double density() { return density; }

    @Override public TechniqueSpec spec() { return new TechniqueSpec.Dkp(kp.m1(), kp.n1(), kp.m2(), kp.n2(), density); }
    @Override public int bits() { return kp.bits(); }
    @Override public boolean int8Activations() { return kp.int8Activations(); }
    @Override public List<QTensor> tensors() { return List.of(kp.b(), kp.c(), s); }
    @Override public DkpOp withBits(int bits) { return new DkpOp(kp.withBits(bits), index, s.withBits(bits), density); }
    @Override public DkpOp withInt8Activations(boolean on) { return new DkpOp(kp.withInt8Activations(on), index, s, density); }
    @Override public int rows() { return kp.rows(); }
    @Override public int cols() { return kp.cols(); }
    @Override public int workSize() { return kp.workSize(); }

    @Override public void apply(float[] x, int xOff, float[] y, int yOff, float[] work) {
        if (s8 == null) {
            kp.apply(x, xOff, y, yOff, work);
            SparseKernels.csrMatvec(rows(), index.rowPtr(), index.col(), s.values(), x, xOff, y, yOff, true);
            return;
        }
        I8Work w = kp.i8Work(rows());
        float sx = Quant.quantizeInt8(x, xOff, cols(), w.xq, 0);
        kp.applyInt8(w, sx, y, yOff);
        Int8Kernels.csrMatvec(rows(), index.rowPtr(), index.col(), s8, w.xq, 0, w.acc, 0);
        float mult = s.scale() * sx;
        for (int i = 0; i < rows(); i++) y[yOff + i] = y[yOff + i] + w.acc[i] * mult;
    }

    /** Batched kernels for blocks of samples ({@link BatchForms}). */
    @Override public org.tinyfit.model.net.BatchOp batched() { return BatchForms.dkp(this); }

    @Override public float[] toDense() {
        float[] w = kp.toDense();
        float[] v = s.values();
        int n = cols();
        int[] rp = index.rowPtr(), col = index.col();
        for (int i = 0; i < rows(); i++)
            for (int k = rp[i]; k < rp[i + 1]; k++) w[i * n + col[k]] += v[k];
        return w;
    }

    @Override public long storedValues() { return kp.storedValues() + index.nnz(); }
}
