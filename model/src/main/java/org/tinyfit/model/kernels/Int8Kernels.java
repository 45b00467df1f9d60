package org.tinyfit.model.kernels;


/**
 * Integer kernels for int8 activations and weights of at most 8 bits (codes in
 * a byte), int32 accumulation. The C export implements the same rules, so its
 * output equals these bit for bit:
 * <ul>
 * <li>the input is quantized per call (dynamic): s_x = max|x| / 127, q_x = round(x / s_x)
 *     ({@link Quant#quantizeInt8});</li>
 * <li>an int32 accumulator a becomes the float a * (s_w * s_x) (the product of the
 *     two scales first, then one multiply);</li>
 * <li>a two-stage technique (KP, low rank) re-quantizes its intermediate the same way
 *     as an input, from its float values, before the second stage.</li>
 * </ul>
 */
public final class Int8Kernels {
    private Int8Kernels() { }

    /** acc[accOff + i] = sum_j w[i*n + j] * x[xOff + j] for i in [0, m): int8 x int8, int32 sums. */
    public static void matvec(byte[] w, int m, int n, byte[] x, int xOff, int[] acc, int accOff) {
        for (int i = 0; i < m; i++) acc[accOff + i] = dot(w, i * n, x, xOff, n);
    }

    /** sum_k a[aOff + k] * b[bOff + k] in int32 (exact, so the order is free: one accumulator, which C2 vectorises). */
    public static int dot(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int s = 0;
        for (int k = 0; k < len; k++) s += a[aOff + k] * b[bOff + k];
        return s;
    }

    /** y[yOff + i] = acc[accOff + i] * scale for i in [0, len). */
    public static void dequant(int[] acc, int accOff, int len, float scale, float[] y, int yOff) {
        for (int i = 0; i < len; i++) y[yOff + i] = acc[accOff + i] * scale;
    }

    /**
     * Re-quantizes an intermediate: f = acc * mult (float), then q = int8 of f with
     * s = max|f| / 127. Writes f into {@code f[fOff..]} and q into {@code q[qOff..]}; returns s.
     */
    public static float requant(int[] acc, int accOff, int len, float mult, float[] f, int fOff, byte[] q, int qOff) {
        for (int i = 0; i < len; i++) f[fOff + i] = acc[accOff + i] * mult;
        return Quant.quantizeInt8(f, fOff, len, q, qOff);
    }

    /** acc[i] = sum_k vals[k] * x[xOff + col[k]] over row i's non-zeros (CSR, int8 values). */
    public static void csrMatvec(int m, int[] rowPtr, int[] col, byte[] vals, byte[] x, int xOff, int[] acc, int accOff) {
        for (int i = 0; i < m; i++) {
            int s = 0;
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += vals[k] * x[xOff + col[k]];
            acc[accOff + i] = s;
        }
    }

    /** Scratch sizes of {@link #kpMatvec}: ints, floats, bytes. */
    public static int kpIntWork(int m1, int n1, int m2, int n2, boolean cxFirst) {
        return Math.max(cxFirst ? m2 * n1 : m1 * n2, m1 * m2);
    }

    /**
     * y[yOff ..) = (B kron C) x with int8 codes: B codes {@code bq} (scale sb), C codes
     * {@code cq} (scale sc), quantized input {@code xq[xOff..]} (scale sx). Stage one
     * (C X or X B^T, as {@link KronKernels}) accumulates in int32 and is re-quantized
     * ({@link #requant}) before stage two. Scratch: {@code ia} ints of
     * {@link #kpIntWork}, {@code fa} floats and {@code qa} bytes of the intermediate size.
     */
    public static void kpMatvec(byte[] bq, float sb, int m1, int n1, byte[] cq, float sc, int m2, int n2, boolean cxFirst,
                                byte[] xq, int xOff, float sx, float[] y, int yOff, int[] ia, float[] fa, byte[] qa) {
        if (cxFirst) {
            // T[p][j] = C_p . x_j at p*n1 + j
            for (int p = 0; p < m2; p++)
                for (int j = 0; j < n1; j++) ia[p * n1 + j] = dot(cq, p * n2, xq, xOff + j * n2, n2);
            float st = requant(ia, 0, m2 * n1, sc * sx, fa, 0, qa, 0);
            float mult = sb * st;
            for (int i = 0; i < m1; i++)
                for (int p = 0; p < m2; p++) y[yOff + i * m2 + p] = dot(bq, i * n1, qa, p * n1, n1) * mult;
        } else {
            // Z[i][q] = sum_j B[i][j] x[j*n2 + q] at i*n2 + q
            for (int i = 0; i < m1; i++)
                for (int q = 0; q < n2; q++) {
                    int s = 0;
                    for (int j = 0; j < n1; j++) s += bq[i * n1 + j] * xq[xOff + j * n2 + q];
                    ia[i * n2 + q] = s;
                }
            float sz = requant(ia, 0, m1 * n2, sb * sx, fa, 0, qa, 0);
            float mult = sc * sz;
            for (int i = 0; i < m1; i++)
                for (int p = 0; p < m2; p++) y[yOff + i * m2 + p] = dot(cq, p * n2, qa, i * n2, n2) * mult;
        }
    }
}
