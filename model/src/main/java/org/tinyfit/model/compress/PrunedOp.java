package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.TechniqueSpec;
import java.util.List;
import org.tinyfit.model.kernels.Int8Kernels;
import org.tinyfit.model.kernels.SparseKernels;

/**
 * A pruned matrix: the nnz kept weights in CSR form ({@link Csr}) with their values
 * as one 1 x nnz tensor {@code values}. Stored values nnz (docs/COST_MODEL.md; the flash
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

    /**
     * Sparsity as a plan states it: the shortest decimal s (fewest digits after the point)
     * with round((1 - s) m n) = nnz, so that a stored model's plan reads as the plan that
     * made it ({@code prune:0.96835}, not 1 - 2528/79872).
     */
    public double sparsity() { return shortestSparsity(index.nnz(), (long) rows() * cols()); }

    /** The shortest decimal s in [0, 1) with round((1 - s) * total) = nnz. */
    public static double shortestSparsity(long nnz, long total) {
        for (int digits = 1; digits <= 12; digits++) {
            double scale = Math.pow(10, digits);
            double exact = 1.0 - (double) nnz / total;
            for (long k : new long[] {Math.round(exact * scale), (long) Math.floor(exact * scale), (long) Math.ceil(exact * scale)}) {
                double s = k / scale;
                if (s >= 0 && s < 1 && TechniqueSpec.nonZeros(1 - s, total) == nnz) return s;
            }
        }
        return 1.0 - (double) nnz / total;
    }

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

    /** Batched kernels for blocks of samples ({@link BatchForms}). */
    @Override public org.tinyfit.model.net.BatchOp batched() { return BatchForms.pruned(this); }

    @Override public float[] toDense() { return index.toDense(vals.values()); }
    @Override public long storedValues() { return index.nnz(); }
}
