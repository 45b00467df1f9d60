package org.tinyfit.model.kernels;

/**
 * Element-wise kernels of the batched engine over blocks stored feature-major (row r of a
 * block holds feature r of nb samples, at {@code off + r*ld + j}): recurrent cell updates,
 * bias plus activation, and the dynamic int8 quantization of each sample (column).
 *
 * <p>Sigmoid and tanh use a float exponential (Cephes' range reduction x = n ln2 + r and a
 * degree-6 polynomial in r, x clamped to [-87, 88]): sigmoid(x) = 1 / (1 + e^-x),
 * tanh(x) = 1 - 2 / (1 + e^2x), within a few 1e-7 of the double-precision values that the
 * per-sample reference inference uses. Only the row passes {@link #sigmoidBias} and
 * {@link #tanhBias} have a Vector API form (same bits as the scalar one); the cells combine
 * them with plain loops.
 */
public final class BlockKernels {
    private BlockKernels() { }

    /** Activation codes of {@link #biasAct}. */
    public static final int NONE = 0, RELU = 1, TANH = 2, SIGMOID = 3;

    /** The float exponential of the batched kernels (scalar form). */
    public static float exp(float x) { return ScalarKernels.exp(x); }

    /** 1 / (1 + exp(-x)) with {@link #exp}. */
    public static float sigmoid(float x) { return ScalarKernels.sigmoid(x); }

    /** 1 - 2 / (1 + exp(2x)) with {@link #exp}. */
    public static float tanh(float x) { return ScalarKernels.tanh(x); }

    /** v[off + j] = sigmoid(v[off + j] + b) for j &lt; len (Vector API or scalar, the same bits). */
    public static void sigmoidBias(float[] v, int off, int len, float b) {
        if (Simd.ENABLED) VecKernels.sigmoidBias(v, off, len, b);
        else ScalarKernels.sigmoidBias(v, off, len, b);
    }

    /** v[off + j] = tanh(v[off + j] + b) for j &lt; len. */
    public static void tanhBias(float[] v, int off, int len, float b) {
        if (Simd.ENABLED) VecKernels.tanhBias(v, off, len, b);
        else ScalarKernels.tanhBias(v, off, len, b);
    }

    /**
     * One LSTM step over nb samples. Gate pre-activations without bias: rows k, H+k, 2H+k, 3H+k
     * of G (i, f, g, o) at {@code gOff + row*ldg}; per unit k and column j:
     * i = sigmoid(G_i + b_i), f = sigmoid(G_f + b_f), g = tanh(G_g + b_g), o = sigmoid(G_o + b_o),
     * c = f c + i g (in place), h = o tanh(c). G may be overwritten (with the gate activations).
     */
    public static void lstm(int nH, int nb, float[] g, int gOff, int ldg, float[] bias,
                            float[] c, int cOff, int ldc, float[] h, int hOff, int ldh) {
        if (Simd.ENABLED) VecKernels.lstm(nH, nb, g, gOff, ldg, bias, c, cOff, ldc, h, hOff, ldh);
        else ScalarKernels.lstm(nH, 0, nb, g, gOff, ldg, bias, c, cOff, ldc, h, hOff, ldh);
    }

    /**
     * Backward of one LSTM step over nb samples (training). A holds the gate activations i, f, g, o
     * (rows k, H+k, 2H+k, 3H+k at {@code aOff + row*lda}); TC holds tanh(c_t) and C the cell state
     * c_{t-1} in rows of the same stride ({@code tcOff}, {@code cpOff}; cpOff &lt; 0: c_{t-1} = 0);
     * dH and dC (in, dC updated) at {@code dhOff}, {@code dcOff} with stride lddh. Per unit and column:
     * dc = dC + dh o (1 - tc^2); dPre_i = dc g i (1 - i), dPre_f = dc c_{t-1} f (1 - f),
     * dPre_g = dc i (1 - g^2), dPre_o = dh tc o (1 - o) (into dPre, laid out as A); dC = dc f.
     */
    public static void lstmBackward(int nH, int nb, float[] a, int aOff, int lda, float[] c, int cpOff, float[] tc, int tcOff,
                                    float[] dh, int dhOff, int lddh, float[] dc, int dcOff, float[] dPre) {
        if (Simd.ENABLED) VecKernels.lstmBackward(nH, nb, a, aOff, lda, c, cpOff, tc, tcOff, dh, dhOff, lddh, dc, dcOff, dPre);
        else ScalarKernels.lstmBackward(nH, 0, nb, a, aOff, lda, c, cpOff, tc, tcOff, dh, dhOff, lddh, dc, dcOff, dPre);
    }

    /**
     * One GRU step with linear_before_reset: A = W_x x and U = W_h h (3H rows each: z, r, h);
     * z = sigmoid(A_z + U_z + b_z), r = sigmoid(A_r + U_r + b_r),
     * h~ = tanh((A_h + b_h) + r (U_h + Rb_h)), h = (1 - z) h~ + z h (in place). A is overwritten.
     */
    public static void gruLbr(int nH, int nb, float[] a, int aOff, int lda, float[] u, int uOff, int ldu,
                              float[] bias, float[] rbh, float[] h, int hOff, int ldh) {
        for (int k = 0; k < nH; k++) {
            int az = aOff + k * lda, ar = az + nH * lda, ah = ar + nH * lda;
            int uz = uOff + k * ldu, ur = uz + nH * ldu, uh = ur + nH * ldu;
            int hr = hOff + k * ldh;
            float bh = bias[2 * nH + k], rb = rbh[k];
            for (int j = 0; j < nb; j++) {
                a[az + j] = a[az + j] + u[uz + j];
                a[ar + j] = a[ar + j] + u[ur + j];
            }
            sigmoidBias(a, az, nb, bias[k]);
            sigmoidBias(a, ar, nb, bias[nH + k]);
            for (int j = 0; j < nb; j++) a[ah + j] = (a[ah + j] + bh) + a[ar + j] * (u[uh + j] + rb);
            tanhBias(a, ah, nb, 0f);
            for (int j = 0; j < nb; j++) {
                float z = a[az + j];
                h[hr + j] = (1f - z) * a[ah + j] + z * h[hr + j];
            }
        }
    }

    /**
     * First half of a GRU step without linear_before_reset: G holds W_zr [x; h] (2H rows);
     * z = sigmoid(G_z + b_z) replaces G_z, and RH = sigmoid(G_r + b_r) * h (G_r is overwritten).
     */
    public static void gruZr(int nH, int nb, float[] g, int gOff, int ldg, float[] bias,
                             float[] h, int hOff, int ldh, float[] rh, int rhOff, int ldr) {
        for (int k = 0; k < nH; k++) {
            int gz = gOff + k * ldg, gr = gz + nH * ldg;
            int hr = hOff + k * ldh, rr = rhOff + k * ldr;
            sigmoidBias(g, gz, nb, bias[k]);
            sigmoidBias(g, gr, nb, bias[nH + k]);
            for (int j = 0; j < nb; j++) rh[rr + j] = g[gr + j] * h[hr + j];
        }
    }

    /** Second half: h~ = tanh(P + bias[bOff + k]) (P overwritten), h = (1 - z) h~ + z h (in place). */
    public static void gruUpdate(int nH, int nb, float[] z, int zOff, int ldz, float[] hp, int hpOff, int ldp,
                                 float[] bias, int bOff, float[] h, int hOff, int ldh) {
        for (int k = 0; k < nH; k++) {
            int zr = zOff + k * ldz, pr = hpOff + k * ldp, hr = hOff + k * ldh;
            tanhBias(hp, pr, nb, bias[bOff + k]);
            for (int j = 0; j < nb; j++) {
                float zz = z[zr + j];
                h[hr + j] = (1f - zz) * hp[pr + j] + zz * h[hr + j];
            }
        }
    }

    /** FastRNN: h = beta h + alpha tanh(G + b) (G overwritten), alpha and beta already through the sigmoid. */
    public static void fastRnn(int nH, int nb, float[] g, int gOff, int ldg, float[] bias, float alpha, float beta,
                               float[] h, int hOff, int ldh) {
        for (int k = 0; k < nH; k++) {
            int gr = gOff + k * ldg, hr = hOff + k * ldh;
            tanhBias(g, gr, nb, bias[k]);
            for (int j = 0; j < nb; j++) h[hr + j] = beta * h[hr + j] + alpha * g[gr + j];
        }
    }

    /**
     * FastGRNN: z = sigmoid(G + b_z), h~ = tanh(G + b_h), h = z h + (zeta (1 - z) + nu) h~.
     * {@code tmp[tOff ..)} holds nb floats of scratch; G is overwritten.
     */
    public static void fastGrnn(int nH, int nb, float[] g, int gOff, int ldg, float[] bias, float zeta, float nu,
                                float[] h, int hOff, int ldh, float[] tmp, int tOff) {
        for (int k = 0; k < nH; k++) {
            int gr = gOff + k * ldg, hr = hOff + k * ldh;
            System.arraycopy(g, gr, tmp, tOff, nb);
            sigmoidBias(g, gr, nb, bias[k]);
            tanhBias(tmp, tOff, nb, bias[nH + k]);
            for (int j = 0; j < nb; j++) {
                float z = g[gr + j];
                h[hr + j] = z * h[hr + j] + (zeta * (1f - z) + nu) * tmp[tOff + j];
            }
        }
    }

    /** Y[i][j] = act(Y[i][j] + bias[i]) for i &lt; rows, j &lt; nb; act one of NONE, RELU, TANH, SIGMOID. */
    public static void biasAct(int rows, int nb, float[] y, int yOff, int ldy, float[] bias, int act) {
        for (int i = 0; i < rows; i++) {
            int yr = yOff + i * ldy;
            float b = bias[i];
            switch (act) {
                case TANH -> tanhBias(y, yr, nb, b);
                case SIGMOID -> sigmoidBias(y, yr, nb, b);
                case RELU -> { for (int j = 0; j < nb; j++) { float v = y[yr + j] + b; y[yr + j] = v < 0f ? 0f : v; } }
                default -> { for (int j = 0; j < nb; j++) y[yr + j] = y[yr + j] + b; }
            }
        }
    }

    /**
     * Dynamic int8 quantization of each column (sample), the per-sample rule of the int8
     * kernels: s_j = max_i |X[i][j]| / 127, Q[i][j] = clamp(round(X[i][j] / s_j), -127, 127)
     * (round half away from zero in float; Q = 0 when s_j = 0). The codes are written as floats:
     * products of codes summed in float are exact integers while |sum| &lt; 2^24, which holds for
     * inner dimensions up to {@link #EXACT_K} (127 * 127 * 1040 &lt; 2^24).
     */
    public static void quantizeColumns(int rows, int nb, float[] x, int xOff, int ldx, float[] s, int sOff,
                                       float[] q, int qOff, int ldq) {
        if (Simd.ENABLED) {
            VecKernels.scales(rows, nb, x, xOff, ldx, s, sOff);
            VecKernels.quantize(rows, nb, x, xOff, ldx, s, sOff, q, qOff, ldq);
        } else {
            ScalarKernels.scales(rows, 0, nb, x, xOff, ldx, s, sOff);
            ScalarKernels.quantize(rows, 0, nb, x, xOff, ldx, s, sOff, q, qOff, ldq);
        }
    }

    /** Largest inner dimension for which a float product of int8 codes is exact. */
    public static final int EXACT_K = 1040;

    /**
     * Y[i][j] (= or +=) X[i][j] * (w * s[sOff + j]): dequantization of integer sums with the
     * weight scale w and the column's activation scale (their product first, as the int8
     * kernels do).
     */
    public static void scaleColumns(int rows, int nb, float[] x, int xOff, int ldx, float w, float[] s, int sOff,
                                    float[] y, int yOff, int ldy, boolean add) {
        if (Simd.ENABLED) VecKernels.scaleColumns(rows, nb, x, xOff, ldx, w, s, sOff, y, yOff, ldy, add);
        else ScalarKernels.scaleColumns(rows, 0, nb, x, xOff, ldx, w, s, sOff, y, yOff, ldy, add);
    }
}
