package org.tinyfit.model.net;

import org.tinyfit.model.kernels.Sgemm;

/** A row-major float matrix on a block: Y = W X by {@link Sgemm#sgemm}, column blocks included. */
public final class DenseBatch implements BatchOp {
    private final float[] w;
    private final int m;
    private final int n;

    /** Wraps {@code w} (row-major m x n) without copying. */
    public DenseBatch(float[] w, int m, int n) {
        if (w.length != (long) m * n) throw new IllegalArgumentException("matrix has " + w.length + " values, shape " + m + "x" + n);
        this.w = w;
        this.m = m;
        this.n = n;
    }

    @Override public int rows() { return m; }
    @Override public int cols() { return n; }
    @Override public int workSize(int nb) { return 0; }
    @Override public int blockWorkSize(int nb) { return 0; }
    @Override public boolean splitsColumns() { return true; }

    @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
        Sgemm.sgemm(m, nb, n, w, 0, n, x, xOff, ldx, y, yOff, ldy, false);
    }

    @Override public void applyBlock(float[] x, int xOff, int ldx, int c0, int c1, int r0, int r1,
                                     float[] y, int yOff, int ldy, int nb, float[] work) {
        Sgemm.sgemm(r1 - r0, nb, c1 - c0, w, r0 * n + c0, n, x, xOff, ldx, y, yOff, ldy, false);
    }

    @Override public void addBlock(float[] x, int xOff, int ldx, int c0, int c1, int r0, int r1,
                                   float[] y, int yOff, int ldy, int nb) {
        Sgemm.sgemm(r1 - r0, nb, c1 - c0, w, r0 * n + c0, n, x, xOff, ldx, y, yOff, ldy, true);
    }
}
