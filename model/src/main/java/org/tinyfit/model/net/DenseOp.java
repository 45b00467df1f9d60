package org.tinyfit.model.net;

import org.tinyfit.model.kernels.DenseKernels;

/** An uncompressed row-major weight matrix. */
public final class DenseOp implements LinearOp {
    private final float[] w;
    private final int rows;
    private final int cols;

    /** Wraps {@code w} (row-major, rows x cols) without copying. */
    public DenseOp(float[] w, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("matrix shape must be positive, got " + rows + "x" + cols);
        }
        if (w.length != (long) rows * cols) {
            throw new IllegalArgumentException("matrix data has " + w.length + " values, shape " + rows + "x" + cols + " needs " + (long) rows * cols);
        }
        this.w = w;
        this.rows = rows;
        this.cols = cols;
    }

    /** The backing array (not a copy): callers must not modify it. */
    public float[] data() { return w; }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public int workSize() { return 0; }
    @Override public int blockWorkSize() { return 0; }

    @Override
    public void apply(float[] x, int xOff, float[] y, int yOff, float[] work) {
        DenseKernels.matvec(w, rows, cols, x, xOff, y, yOff);
    }

    @Override
    public void applyBlock(float[] x, int xOff, int c0, int c1, int r0, int r1, float[] y, int yOff, float[] work) {
        DenseKernels.matvecBlock(w, cols, r0, r1, c0, c1, x, xOff, y, yOff);
    }

    @Override public BatchOp batched() { return new DenseBatch(w, rows, cols); }

    @Override public float[] toDense() { return w.clone(); }
    @Override public long storedValues() { return (long) rows * cols; }
}
