package org.tinyfit.model.compress;

import java.util.List;
import org.tinyfit.model.kernels.Int8Kernels;
import org.tinyfit.model.kernels.SparseKernels;

/**
 * A pruned matrix: the nnz kept weights in CSR form ({@link Csr}) with their values
 * as one 1 x nnz tensor {@code values}. Stored values nnz (COST_MODEL.md; the flash
 * cost adds the cheaper of CSR and a bitmap).
 */
public final class PrunedOp implements CompressedOp {
    private final Csr index;
    private final QTensor vals;
    private final boolean int8;
    private final byte[] v8;

    public PrunedOp(Csr index, QTensor vals, boolean int8Activations) {
        if (!vals.role().equals("values")) throw new IllegalArgumentException("pruned values must be tensor 'values', got " + vals.role());
        if (vals.size() != index.nnz()) throw new IllegalArgumentException("pruned matrix has " + index.nnz() + " positions but " + vals.size() + " values");
        this.index = index;
        this.vals = vals;
        this.int8 = int8Activations;
        this.v8 = int8Activations && vals.bits() <= 8 ? vals.codesInt8() : null;
    }

    public Csr index() { return index; }
    public QTensor values() { return vals; }

    /** Sparsity 1 - nnz / (m n). */
    public double sparsity() { return 1.0 - (double) index.nnz() / ((double) rows() * cols()); }

    @Override public TechniqueSpec spec() { return new TechniqueSpec.Pruned(sparsity()); }
    @Override public int bits() { return vals.bits(); }
    @Override public boolean int8Activations() { return int8; }
    @Override public List<QTensor> tensors() { return List.of(vals); }
    @Override public PrunedOp withBits(int bits) { return new PrunedOp(index, vals.withBits(bits), int8); }
    @Override public PrunedOp withInt8Activations(boolean on) { return new PrunedOp(index, vals, on); }
    @Override public int rows() { return index.rows(); }
    @Override public int cols() { return index.cols(); }
    @Override public int workSize() { return 0; }

    @Override public void apply(float[] x, int xOff, float[] y, int yOff, float[] work) {
        if (v8 == null) {
            SparseKernels.csrMatvec(rows(), index.rowPtr(), index.col(), vals.values(), x, xOff, y, yOff, false);
            return;
        }
        I8Work s = I8Work.get(cols(), 0, rows(), 0);
        float sx = Quant.quantizeInt8(x, xOff, cols(), s.xq, 0);
        Int8Kernels.csrMatvec(rows(), index.rowPtr(), index.col(), v8, s.xq, 0, s.acc, 0);
        Int8Kernels.dequant(s.acc, 0, rows(), vals.scale() * sx, y, yOff);
    }

    @Override public float[] toDense() { return index.toDense(vals.values()); }
    @Override public long storedValues() { return index.nnz(); }
}
