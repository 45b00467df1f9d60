package org.tinyfit.model.kernels;

/**
 * Symmetric per-tensor quantization rules shared by the Java kernels and the C
 * export (which must reproduce them bit for bit):
 * <ul>
 * <li>qmax(b) = 2^(b-1) - 1;</li>
 * <li>s = max|v| / qmax in float32 (0 when every value is 0);</li>
 * <li>q = round(v / s) clamped to [-qmax, qmax], q = 0 when s = 0;</li>
 * <li>round(x) = (int) (x + 0.5f) for x &gt;= 0, else (int) (x - 0.5f): half away from zero,
 *     computed in float32.</li>
 * </ul>
 */
public final class Quant {
    private Quant() { }

    public static int qmax(int bits) { return (1 << (bits - 1)) - 1; }

    /** Round half away from zero, in float arithmetic (as the C export does). */
    public static int round(float x) {
        return x >= 0f ? (int) (x + 0.5f) : (int) (x - 0.5f);
    }

    public static float maxAbs(float[] v, int off, int len) {
        float m = 0f;
        for (int i = off; i < off + len; i++) {
            float a = Math.abs(v[i]);
            if (a > m) m = a;
        }
        return m;
    }

    public static float scale(float[] v, int bits) {
        return maxAbs(v, 0, v.length) / qmax(bits);
    }

    public static int[] codes(float[] v, float s, int bits) {
        int[] q = new int[v.length];
        if (s == 0f) return q;
        int qmax = qmax(bits);
        for (int i = 0; i < v.length; i++) q[i] = clamp(round(v[i] / s), qmax);
        return q;
    }

    public static int clamp(int q, int qmax) {
        return q > qmax ? qmax : (q < -qmax ? -qmax : q);
    }

    /**
     * Quantizes activations to int8: returns the scale s = max|x| / 127 and writes
     * q = clamp(round(x / s)) into {@code q[qOff..]} (zeros when s = 0).
     */
    public static float quantizeInt8(float[] x, int xOff, int len, byte[] q, int qOff) {
        float s = maxAbs(x, xOff, len) / 127f;
        if (s == 0f) {
            java.util.Arrays.fill(q, qOff, qOff + len, (byte) 0);
            return 0f;
        }
        for (int i = 0; i < len; i++) q[qOff + i] = (byte) clamp(round(x[xOff + i] / s), 127);
        return s;
    }
}
