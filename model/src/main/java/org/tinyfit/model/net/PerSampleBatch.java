package org.tinyfit.model.net;

/**
 * The batched form of any {@link LinearOp} that has no batched kernel of its own: each column
 * goes through the per-sample {@link LinearOp#apply}, so it gives exactly the reference's bits.
 */
public final class PerSampleBatch implements BatchOp {
    private final LinearOp op;

    public PerSampleBatch(LinearOp op) { this.op = op; }

    @Override public int rows() { return op.rows(); }
    @Override public int cols() { return op.cols(); }
    @Override public int workSize(int nb) { return op.workSize() + op.cols() + op.rows(); }

    @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
        int n = op.cols(), m = op.rows(), ws = op.workSize();
        int xv = ws, yv = ws + n;
        for (int j = 0; j < nb; j++) {
            for (int c = 0; c < n; c++) work[xv + c] = x[xOff + c * ldx + j];
            op.apply(work, xv, work, yv, work);
            for (int i = 0; i < m; i++) y[yOff + i * ldy + j] = work[yv + i];
        }
    }
}
