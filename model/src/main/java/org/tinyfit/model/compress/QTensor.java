package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.Quant;
import org.tinyfit.model.plan.MatrixPlan;
import java.util.Arrays;

/**
 * One stored tensor of a technique (rows x cols, row-major), at b bits.
 *
 * <p>Quantization (docs/FORMATS.md, "Weight quantization"; docs/METHODS.md, "Quantization"): symmetric per tensor,
 * s = max|w| / (2^(b-1) - 1), q = round(w / s) clamped to +-(2^(b-1) - 1), with
 * round half away from zero ({@link Quant#round}); the dequantized value is s * q
 * (one float multiply). For b = 32 the values are stored as they are
 * ({@code scale} 1, no codes). A tensor whose values are all zero has scale 0.
 *
 * <p>{@code values} always holds what the float kernels use (the dequantized
 * values when b &lt; 32); {@code codes} holds q for b &lt;= 16. Immutable by
 * convention: callers must not modify the arrays.
 */
public final class QTensor {
    private final String role;
    private final int rows;
    private final int cols;
    private final int bits;
    private final float scale;
    private final float[] values;
    private final int[] codes;

    private QTensor(String role, int rows, int cols, int bits, float scale, float[] values, int[] codes) {
        this.role = role;
        this.rows = rows;
        this.cols = cols;
        this.bits = bits;
        this.scale = scale;
        this.values = values;
        this.codes = codes;
    }

    /** A float32 tensor wrapping {@code values} (not copied). */
    public static QTensor of(String role, float[] values, int rows, int cols) {
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("tensor '" + role + "' has " + values.length + " values, shape " + rows + "x" + cols);
        }
        return new QTensor(role, rows, cols, 32, 1f, values, null);
    }

    /** Quantizes float values to {@code bits} (32 returns the float tensor). */
    public static QTensor quantize(String role, float[] values, int rows, int cols, int bits) {
        if (bits == 32) return of(role, values, rows, cols);
        if (!MatrixPlan.validBits(bits)) throw new IllegalArgumentException("bit width " + bits + " is not supported (use 2..8, 16 or 32)");
        float s = Quant.scale(values, bits);
        int[] q = Quant.codes(values, s, bits);
        return fromCodes(role, q, s, rows, cols, bits);
    }

    /** A quantized tensor from its codes and scale (as stored in a file). */
    public static QTensor fromCodes(String role, int[] q, float scale, int rows, int cols, int bits) {
        if ((long) rows * cols != q.length) throw new IllegalArgumentException("tensor '" + role + "' has " + q.length + " codes, shape " + rows + "x" + cols);
        if (bits >= 32 || !MatrixPlan.validBits(bits)) throw new IllegalArgumentException("codes need a bit width of 2..8 or 16, got " + bits);
        if (!(scale >= 0) || Float.isInfinite(scale)) throw new IllegalArgumentException("tensor '" + role + "' has scale " + scale);
        int qmax = Quant.qmax(bits);
        float[] v = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            if (q[i] > qmax || q[i] < -qmax) throw new IllegalArgumentException("tensor '" + role + "' code " + q[i] + " is outside +-" + qmax + " for " + bits + " bits");
            v[i] = scale * q[i];
        }
        return new QTensor(role, rows, cols, bits, scale, v, q);
    }

    /** This tensor at another bit width, quantized from its current values. */
    public QTensor withBits(int b) {
        if (b == bits) return this;
        return quantize(role, values, rows, cols, b);
    }

    public String role() { return role; }
    public int rows() { return rows; }
    public int cols() { return cols; }
    public int size() { return values.length; }
    public int bits() { return bits; }
    /** Quantization scale s (1 for float32). */
    public float scale() { return scale; }
    /** Values the float kernels use (dequantized when quantized). Do not modify. */
    public float[] values() { return values; }
    /** Integer codes q (null for float32). Do not modify. */
    public int[] codes() { return codes; }
    public boolean quantized() { return bits < 32; }

    /** Codes as bytes (bits &lt;= 8 only), for the int8 kernels. */
    public byte[] codesInt8() {
        if (bits > 8) throw new IllegalStateException("tensor '" + role + "' has " + bits + "-bit values, not int8");
        byte[] b = new byte[codes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) codes[i];
        return b;
    }

    @Override public String toString() {
        return role + "[" + rows + "x" + cols + ", " + (bits == 32 ? "float32" : "int" + bits + " s=" + scale) + "]";
    }

    @Override public boolean equals(Object o) {
        return o instanceof QTensor t && t.role.equals(role) && t.rows == rows && t.cols == cols && t.bits == bits
                && Float.compare(t.scale, scale) == 0 && Arrays.equals(t.values, values);
    }

    @Override public int hashCode() { return Arrays.hashCode(values) * 31 + role.hashCode(); }
}
