package org.tinyfit.model.kernels;

/**
 * The scalar form of every batched kernel (see {@link Sgemm} and {@link BlockKernels} for the
 * formulas). It runs when the Vector API is absent, and on the columns that do not fill a
 * vector; it uses the same operations in the same order as {@link VecKernels}, so both give
 * the same bits.
 */
final class ScalarKernels {
    private ScalarKernels() { }

    static final float LOG2E = 1.44269504088896341f;
    static final float C1 = 0.693359375f;
    static final float C2 = -2.12194440e-4f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;
    static final float EXP_LO = -87f;
    static final float EXP_HI = 88f;

    static void sgemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        // column panels of 64 keep the k x 64 block of B in cache across all rows
        for (int j0 = 0; j0 < n; j0 += 64) {
            int j1 = Math.min(n, j0 + 64);
            for (int i = 0; i < m; i++) {
                int cr = cOff + i * ldc;
                if (!accumulate) java.util.Arrays.fill(c, cr + j0, cr + j1, 0f);
                int ar = aOff + i * lda;
                for (int p = 0; p < k; p++) {
                    float av = a[ar + p];
                    int br = bOff + p * ldb;
                    for (int j = j0; j < j1; j++) c[cr + j] = Math.fma(av, b[br + j], c[cr + j]);
                }
            }
        }
    }

    static void csr(int m, int[] rowPtr, int[] col, float[] vals, float[] x, int xOff, int ldx, int nb,
                    float[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            int yr = yOff + i * ldy;
            java.util.Arrays.fill(y, yr, yr + nb, 0f);
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                float v = vals[k];
                int xr = xOff + col[k] * ldx;
                for (int j = 0; j < nb; j++) y[yr + j] = Math.fma(v, x[xr + j], y[yr + j]);
            }
        }
    }

    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = 0x4B400000;

    /**
     * e^x, Cephes-style: x clamped to [-87, 88], n = x log2(e) rounded to the nearest integer (by
     * adding 1.5 * 2^23), r = (x - n C1) - n C2, e^r by a degree-6 polynomial, times 2^n built from
     * its exponent bits. Only adds, multiplies and bit moves, so the Vector API form matches it
     * bit for bit.
     */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float v = x * LOG2E + ROUND;
        int pow2 = (Float.floatToRawIntBits(v) - (ROUND_BITS - 127)) << 23;
        float fx = v - ROUND;
        float r = (x - fx * C1) - fx * C2;
        float z = r * r;
        float p = ((((r * P0 + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        p = (p * z + r) + 1f;
        return p * Float.intBitsToFloat(pow2);
    }

    static float sigmoid(float x) { return 1f / (1f + exp(-x)); }

    static float tanh(float x) { return 1f - 2f / (1f + exp(2f * x)); }

    static void sigmoidBias(float[] v, int off, int len, float b) {
        for (int j = 0; j < len; j++) v[off + j] = sigmoid(v[off + j] + b);
    }

    static void tanhBias(float[] v, int off, int len, float b) {
        for (int j = 0; j < len; j++) v[off + j] = tanh(v[off + j] + b);
    }

    /** One LSTM step on columns [j0, j1) (see {@link BlockKernels#lstm}). */
    static void lstm(int nH, int j0, int j1, float[] g, int gOff, int ldg, float[] bias,
                     float[] c, int cOff, int ldc, float[] h, int hOff, int ldh) {
        for (int k = 0; k < nH; k++) {
            int gi = gOff + k * ldg, gf = gi + nH * ldg, gg = gf + nH * ldg, go = gg + nH * ldg;
            float bi = bias[k], bf = bias[nH + k], bg = bias[2 * nH + k], bo = bias[3 * nH + k];
            int cr = cOff + k * ldc, hr = hOff + k * ldh;
            for (int j = j0; j < j1; j++) {
                float i = sigmoid(g[gi + j] + bi);
                float f = sigmoid(g[gf + j] + bf);
                float gt = tanh(g[gg + j] + bg);
                float o = sigmoid(g[go + j] + bo);
                float cv = f * c[cr + j] + i * gt;
                c[cr + j] = cv;
                h[hr + j] = o * tanh(cv);
            }
        }
    }

    /** Backward of one LSTM step on columns [j0, j1) (see {@link BlockKernels#lstmBackward}). */
    static void lstmBackward(int nH, int j0, int j1, float[] a, int aOff, int lda, float[] c, int cpOff, float[] tc, int tcOff,
                             float[] dh, int dhOff, int lddh, float[] dc, int dcOff, float[] dPre) {
        for (int k = 0; k < nH; k++) {
            int ri = aOff + k * lda, rf = ri + nH * lda, rg = rf + nH * lda, ro = rg + nH * lda;
            int cr = tcOff + k * lda, pr = cpOff + k * lda, dr = dhOff + k * lddh, er = dcOff + k * lddh;
            for (int j = j0; j < j1; j++) {
                float i = a[ri + j], f = a[rf + j], g = a[rg + j], o = a[ro + j];
                float t = tc[cr + j];
                float d = dh[dr + j];
                float dcv = dc[er + j] + d * o * (1f - t * t);
                float cp = cpOff < 0 ? 0f : c[pr + j];
                dPre[ri + j] = dcv * g * i * (1f - i);
                dPre[rf + j] = dcv * cp * f * (1f - f);
                dPre[rg + j] = dcv * i * (1f - g * g);
                dPre[ro + j] = d * t * o * (1f - o);
                dc[er + j] = dcv * f;
            }
        }
    }

    /** s[sOff + j] = max_i |X[i][j]| / 127 for j in [j0, j1) (max as Math.max). */
    static void scales(int rows, int j0, int j1, float[] x, int xOff, int ldx, float[] s, int sOff) {
        for (int j = j0; j < j1; j++) {
            float m = 0f;
            for (int i = 0; i < rows; i++) m = Math.max(m, Math.abs(x[xOff + i * ldx + j]));
            s[sOff + j] = m / 127f;
        }
    }

    static void quantize(int rows, int j0, int j1, float[] x, int xOff, int ldx, float[] s, int sOff,
                         float[] q, int qOff, int ldq) {
        for (int i = 0; i < rows; i++) {
            int xr = xOff + i * ldx, qr = qOff + i * ldq;
            for (int j = j0; j < j1; j++) {
                float sj = s[sOff + j];
                q[qr + j] = sj == 0f ? 0f : Quant.clamp(Quant.round(x[xr + j] / sj), 127);
            }
        }
    }

    static void scaleColumns(int rows, int j0, int j1, float[] x, int xOff, int ldx, float w, float[] s, int sOff,
                             float[] y, int yOff, int ldy, boolean add) {
        for (int i = 0; i < rows; i++) {
            int xr = xOff + i * ldx, yr = yOff + i * ldy;
            for (int j = j0; j < j1; j++) {
                float v = x[xr + j] * (w * s[sOff + j]);
                y[yr + j] = add ? y[yr + j] + v : v;
            }
        }
    }
}
