package org.tinyfit.model.net;

/**
 * A weight matrix W (rows x cols) applied to a block of nb samples stored feature-major (column
 * j of a block is sample j): Y[yOff + i*ldy + j] = sum_c W[i][c] X[xOff + c*ldx + j] for
 * i &lt; rows, j &lt; nb. Made once from a {@link LinearOp} ({@link LinearOp#batched()}), it holds
 * whatever prepared form its kernels want (codes as floats, transposes); immutable and
 * thread-safe; scratch comes from the caller's {@code work} array.
 *
 * <p>The batched path agrees with the per-sample {@link LinearOp#apply} within float rounding
 * (it accumulates with fused multiply-adds); with int8 activations it reproduces the integer
 * sums exactly.
 */
public interface BatchOp {
    int rows();

    int cols();

    /** Floats of scratch that {@link #apply} needs for nb columns. */
    int workSize(int nb);

    /** Y = W X over nb columns (see the class comment). X and Y must not overlap. */
    void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work);

    /** Floats of scratch that {@link #applyBlock} needs for nb columns. */
    default int blockWorkSize(int nb) {
        return (cols() + rows()) * nb + workSize(nb);
    }

    /**
     * Rows [r0, r1) of W restricted to columns [c0, c1), times X (c1 - c0 rows):
     * Y[yOff + (i - r0)*ldy + j] = sum_{c in [c0,c1)} W[i][c] X[xOff + (c - c0)*ldx + j].
     * The default zero-pads X to all columns and applies the whole operator, as
     * {@link LinearOp#applyBlock} does per sample (so int8 quantization sees the same values).
     */
    default void applyBlock(float[] x, int xOff, int ldx, int c0, int c1, int r0, int r1,
                            float[] y, int yOff, int ldy, int nb, float[] work) {
        int n = cols(), m = rows();
        int ws = workSize(nb);
        int xin = ws, yout = ws + n * nb;
        java.util.Arrays.fill(work, xin, xin + n * nb, 0f);
        for (int c = c0; c < c1; c++) System.arraycopy(x, xOff + (c - c0) * ldx, work, xin + c * nb, nb);
        apply(work, xin, nb, work, yout, nb, nb, work);
        for (int i = r0; i < r1; i++) System.arraycopy(work, yout + i * nb, y, yOff + (i - r0) * ldy, nb);
    }

    /**
     * True when {@link #applyBlock} on a column range costs only its share of the product and
     * {@link #addBlock} is supported (plain float matrices): recurrent layers then project the
     * inputs of all time steps in one product and add the recurrent product per step.
     */
    default boolean splitsColumns() {
        return false;
    }

    /** As {@link #applyBlock}, adding to Y instead of overwriting it; only when {@link #splitsColumns()}. */
    default void addBlock(float[] x, int xOff, int ldx, int c0, int c1, int r0, int r1,
                          float[] y, int yOff, int ldy, int nb) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not split columns");
    }
}
