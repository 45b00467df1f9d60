package org.tinyfit.model.net;

/**
 * A weight matrix W (rows x cols) as an operator: y = W x without necessarily
 * forming W. Dense matrices, and the compressed techniques of
 * {@code org.tinyfit.model.compress}, implement it. Implementations are
 * immutable and thread-safe; all temporary storage comes from the caller's
 * {@code work} array, which must hold at least {@link #workSize()} floats.
 */
public interface LinearOp {
    int rows();

    int cols();

    /** Floats of scratch that {@link #apply} needs. */
    int workSize();

    /** y[yOff .. yOff+rows) = W x[xOff .. xOff+cols). */
    void apply(float[] x, int xOff, float[] y, int yOff, float[] work);

    /**
     * Floats of scratch that {@link #applyBlock} needs: by default the full
     * input, the full output and {@link #workSize()}.
     */
    default int blockWorkSize() {
        return cols() + rows() + workSize();
    }

    /**
     * y[yOff + i - r0] = sum_{j in [c0,c1)} W[i][j] x[xOff + j - c0] for i in [r0, r1):
     * a block of rows restricted to a block of columns. The default zero-pads
     * the input and applies the whole operator; dense overrides it.
     */
    default void applyBlock(float[] x, int xOff, int c0, int c1, int r0, int r1,
                            float[] y, int yOff, float[] work) {
        int n = cols();
        int ws = workSize();
        // operator scratch in work[0, ws), padded input after it, full output after that
        java.util.Arrays.fill(work, ws, ws + n, 0f);
        System.arraycopy(x, xOff, work, ws + c0, c1 - c0);
        apply(work, ws, work, ws + n, work);
        System.arraycopy(work, ws + n + r0, y, yOff, r1 - r0);
    }

    /**
     * This operator prepared for blocks of samples ({@link BatchOp}). The default runs the
     * per-sample {@link #apply} on each column; dense and the compressed techniques override it
     * with batched kernels.
     */
    default BatchOp batched() {
        return new PerSampleBatch(this);
    }

    /** The dense matrix this operator represents, row-major rows x cols (a new array). */
    float[] toDense();

    /** Number of stored values (weights) of this representation. */
    long storedValues();
}
