package org.tinyfit.model.kernels;

import static org.tinyfit.model.kernels.ScalarKernels.C1;
import static org.tinyfit.model.kernels.ScalarKernels.C2;
import static org.tinyfit.model.kernels.ScalarKernels.EXP_HI;
import static org.tinyfit.model.kernels.ScalarKernels.EXP_LO;
import static org.tinyfit.model.kernels.ScalarKernels.LOG2E;
import static org.tinyfit.model.kernels.ScalarKernels.P0;
import static org.tinyfit.model.kernels.ScalarKernels.P1;
import static org.tinyfit.model.kernels.ScalarKernels.P2;
import static org.tinyfit.model.kernels.ScalarKernels.P3;
import static org.tinyfit.model.kernels.ScalarKernels.P4;
import static org.tinyfit.model.kernels.ScalarKernels.P5;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of the batched kernels (loaded only when {@link Simd#ENABLED}). Every
 * lane computes what {@link ScalarKernels} computes for that element, and the columns that do
 * not fill a vector go to {@link ScalarKernels}, so the results do not depend on where a sample
 * sits in a block.
 */
final class VecKernels {
    private VecKernels() { }

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    static int lanes() { return L; }

    /**
     * C = (accumulate ? C : 0) + A B with a register block of 4 rows x 2 vectors: per k,
     * two loads of B, four broadcasts of A, eight fused multiply-adds.
     */
    static void sgemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean acc) {
        int nv = n - n % L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            int c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
            int j = 0;
            for (; j + 2 * L <= nv; j += 2 * L) {
                FloatVector s00, s01, s10, s11, s20, s21, s30, s31;
                if (acc) {
                    s00 = FloatVector.fromArray(S, c, c0 + j); s01 = FloatVector.fromArray(S, c, c0 + j + L);
                    s10 = FloatVector.fromArray(S, c, c1 + j); s11 = FloatVector.fromArray(S, c, c1 + j + L);
                    s20 = FloatVector.fromArray(S, c, c2 + j); s21 = FloatVector.fromArray(S, c, c2 + j + L);
                    s30 = FloatVector.fromArray(S, c, c3 + j); s31 = FloatVector.fromArray(S, c, c3 + j + L);
                } else {
                    s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = FloatVector.zero(S);
                }
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
                    FloatVector w = FloatVector.broadcast(S, a[a0 + p]);
                    s00 = w.fma(b0, s00); s01 = w.fma(b1, s01);
                    w = FloatVector.broadcast(S, a[a1 + p]);
                    s10 = w.fma(b0, s10); s11 = w.fma(b1, s11);
                    w = FloatVector.broadcast(S, a[a2 + p]);
                    s20 = w.fma(b0, s20); s21 = w.fma(b1, s21);
                    w = FloatVector.broadcast(S, a[a3 + p]);
                    s30 = w.fma(b0, s30); s31 = w.fma(b1, s31);
                }
                s00.intoArray(c, c0 + j); s01.intoArray(c, c0 + j + L);
                s10.intoArray(c, c1 + j); s11.intoArray(c, c1 + j + L);
                s20.intoArray(c, c2 + j); s21.intoArray(c, c2 + j + L);
                s30.intoArray(c, c3 + j); s31.intoArray(c, c3 + j + L);
            }
            for (; j < nv; j += L) {
                FloatVector s0, s1, s2, s3;
                if (acc) {
                    s0 = FloatVector.fromArray(S, c, c0 + j); s1 = FloatVector.fromArray(S, c, c1 + j);
                    s2 = FloatVector.fromArray(S, c, c2 + j); s3 = FloatVector.fromArray(S, c, c3 + j);
                } else {
                    s0 = s1 = s2 = s3 = FloatVector.zero(S);
                }
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bp);
                    s0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, s0);
                    s1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, s1);
                    s2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, s2);
                    s3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, s3);
                }
                s0.intoArray(c, c0 + j); s1.intoArray(c, c1 + j);
                s2.intoArray(c, c2 + j); s3.intoArray(c, c3 + j);
            }
        }
        for (; i < m; i++) {
            int ar = aOff + i * lda, cr = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * L <= nv; j += 2 * L) {
                FloatVector s0 = acc ? FloatVector.fromArray(S, c, cr + j) : FloatVector.zero(S);
                FloatVector s1 = acc ? FloatVector.fromArray(S, c, cr + j + L) : FloatVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    FloatVector w = FloatVector.broadcast(S, a[ar + p]);
                    s0 = w.fma(FloatVector.fromArray(S, b, bp), s0);
                    s1 = w.fma(FloatVector.fromArray(S, b, bp + L), s1);
                }
                s0.intoArray(c, cr + j);
                s1.intoArray(c, cr + j + L);
            }
            for (; j < nv; j += L) {
                FloatVector s0 = acc ? FloatVector.fromArray(S, c, cr + j) : FloatVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    s0 = FloatVector.broadcast(S, a[ar + p]).fma(FloatVector.fromArray(S, b, bp), s0);
                }
                s0.intoArray(c, cr + j);
            }
        }
        if (nv < n) ScalarKernels.sgemm(m, n - nv, k, a, aOff, lda, b, bOff + nv, ldb, c, cOff + nv, ldc, acc);
    }

    static void csr(int m, int[] rowPtr, int[] col, float[] vals, float[] x, int xOff, int ldx, int nb,
                    float[] y, int yOff, int ldy) {
        int nv = nb - nb % L;
        for (int i = 0; i < m; i++) {
            int yr = yOff + i * ldy;
            int k0 = rowPtr[i], k1 = rowPtr[i + 1];
            int j = 0;
            for (; j + 2 * L <= nv; j += 2 * L) {
                FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
                for (int k = k0; k < k1; k++) {
                    FloatVector v = FloatVector.broadcast(S, vals[k]);
                    int xr = xOff + col[k] * ldx + j;
                    s0 = v.fma(FloatVector.fromArray(S, x, xr), s0);
                    s1 = v.fma(FloatVector.fromArray(S, x, xr + L), s1);
                }
                s0.intoArray(y, yr + j);
                s1.intoArray(y, yr + j + L);
            }
            for (; j < nv; j += L) {
                FloatVector s0 = FloatVector.zero(S);
                for (int k = k0; k < k1; k++) {
                    s0 = FloatVector.broadcast(S, vals[k]).fma(FloatVector.fromArray(S, x, xOff + col[k] * ldx + j), s0);
                }
                s0.intoArray(y, yr + j);
            }
        }
        if (nv < nb) ScalarKernels.csr(m, rowPtr, col, vals, x, xOff + nv, ldx, nb - nv, y, yOff + nv, ldy);
    }

    /** Lane-wise {@link ScalarKernels#exp}. */
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        IntVector n = ((IntVector) x.mul(LOG2E).add(128.5f).convert(VectorOperators.F2I, 0)).sub(128);
        FloatVector fx = (FloatVector) n.convert(VectorOperators.I2F, 0);
        FloatVector r = x.sub(fx.mul(C1)).sub(fx.mul(C2));
        FloatVector z = r.mul(r);
        FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5);
        p = p.mul(z).add(r).add(1f);
        return p.mul(n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
    }

    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    static FloatVector tanh(FloatVector x) {
        return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(x.mul(2f)).add(1f)));
    }

    static void lstm(int nH, int nb, float[] g, int gOff, int ldg, float[] bias,
                     float[] c, int cOff, int ldc, float[] h, int hOff, int ldh) {
        int nv = nb - nb % L;
        for (int k = 0; k < nH; k++) {
            int gi = gOff + k * ldg, gf = gi + nH * ldg, gg = gf + nH * ldg, go = gg + nH * ldg;
            float bi = bias[k], bf = bias[nH + k], bg = bias[2 * nH + k], bo = bias[3 * nH + k];
            int cr = cOff + k * ldc, hr = hOff + k * ldh;
            for (int j = 0; j < nv; j += L) {
                FloatVector i = sigmoid(FloatVector.fromArray(S, g, gi + j).add(bi));
                FloatVector f = sigmoid(FloatVector.fromArray(S, g, gf + j).add(bf));
                FloatVector gt = tanh(FloatVector.fromArray(S, g, gg + j).add(bg));
                FloatVector o = sigmoid(FloatVector.fromArray(S, g, go + j).add(bo));
                FloatVector cv = f.mul(FloatVector.fromArray(S, c, cr + j)).add(i.mul(gt));
                cv.intoArray(c, cr + j);
                o.mul(tanh(cv)).intoArray(h, hr + j);
            }
        }
        if (nv < nb) ScalarKernels.lstm(nH, nv, nb, g, gOff, ldg, bias, c, cOff, ldc, h, hOff, ldh);
    }

    static void gruLbr(int nH, int nb, float[] a, int aOff, int lda, float[] u, int uOff, int ldu,
                       float[] bias, float[] rbh, float[] h, int hOff, int ldh) {
        int nv = nb - nb % L;
        for (int k = 0; k < nH; k++) {
            int az = aOff + k * lda, ar = az + nH * lda, ah = ar + nH * lda;
            int uz = uOff + k * ldu, ur = uz + nH * ldu, uh = ur + nH * ldu;
            float bz = bias[k], br = bias[nH + k], bh = bias[2 * nH + k], rb = rbh[k];
            int hr = hOff + k * ldh;
            for (int j = 0; j < nv; j += L) {
                FloatVector z = sigmoid(FloatVector.fromArray(S, a, az + j).add(FloatVector.fromArray(S, u, uz + j)).add(bz));
                FloatVector r = sigmoid(FloatVector.fromArray(S, a, ar + j).add(FloatVector.fromArray(S, u, ur + j)).add(br));
                FloatVector hh = tanh(FloatVector.fromArray(S, a, ah + j).add(bh)
                        .add(r.mul(FloatVector.fromArray(S, u, uh + j).add(rb))));
                FloatVector hv = FloatVector.fromArray(S, h, hr + j);
                FloatVector.broadcast(S, 1f).sub(z).mul(hh).add(z.mul(hv)).intoArray(h, hr + j);
            }
        }
        if (nv < nb) ScalarKernels.gruLbr(nH, nv, nb, a, aOff, lda, u, uOff, ldu, bias, rbh, h, hOff, ldh);
    }

    static void gruZr(int nH, int nb, float[] g, int gOff, int ldg, float[] bias,
                      float[] h, int hOff, int ldh, float[] rh, int rhOff, int ldr) {
        int nv = nb - nb % L;
        for (int k = 0; k < nH; k++) {
            int gz = gOff + k * ldg, gr = gz + nH * ldg;
            float bz = bias[k], br = bias[nH + k];
            int hr = hOff + k * ldh, rr = rhOff + k * ldr;
            for (int j = 0; j < nv; j += L) {
                sigmoid(FloatVector.fromArray(S, g, gz + j).add(bz)).intoArray(g, gz + j);
                sigmoid(FloatVector.fromArray(S, g, gr + j).add(br)).mul(FloatVector.fromArray(S, h, hr + j)).intoArray(rh, rr + j);
            }
        }
        if (nv < nb) ScalarKernels.gruZr(nH, nv, nb, g, gOff, ldg, bias, h, hOff, ldh, rh, rhOff, ldr);
    }

    static void gruUpdate(int nH, int nb, float[] z, int zOff, int ldz, float[] hp, int hpOff, int ldp,
                          float[] bias, int bOff, float[] h, int hOff, int ldh) {
        int nv = nb - nb % L;
        for (int k = 0; k < nH; k++) {
            int zr = zOff + k * ldz, pr = hpOff + k * ldp, hr = hOff + k * ldh;
            float bh = bias[bOff + k];
            for (int j = 0; j < nv; j += L) {
                FloatVector zz = FloatVector.fromArray(S, z, zr + j);
                FloatVector hh = tanh(FloatVector.fromArray(S, hp, pr + j).add(bh));
                FloatVector.broadcast(S, 1f).sub(zz).mul(hh).add(zz.mul(FloatVector.fromArray(S, h, hr + j))).intoArray(h, hr + j);
            }
        }
        if (nv < nb) ScalarKernels.gruUpdate(nH, nv, nb, z, zOff, ldz, hp, hpOff, ldp, bias, bOff, h, hOff, ldh);
    }

    static void fastRnn(int nH, int nb, float[] g, int gOff, int ldg, float[] bias, float alpha, float beta,
                        float[] h, int hOff, int ldh) {
        int nv = nb - nb % L;
        for (int k = 0; k < nH; k++) {
            int gr = gOff + k * ldg, hr = hOff + k * ldh;
            float b = bias[k];
            for (int j = 0; j < nv; j += L) {
                FloatVector hh = tanh(FloatVector.fromArray(S, g, gr + j).add(b));
                FloatVector.fromArray(S, h, hr + j).mul(beta).add(hh.mul(alpha)).intoArray(h, hr + j);
            }
        }
        if (nv < nb) ScalarKernels.fastRnn(nH, nv, nb, g, gOff, ldg, bias, alpha, beta, h, hOff, ldh);
    }

    static void fastGrnn(int nH, int nb, float[] g, int gOff, int ldg, float[] bias, float zeta, float nu,
                         float[] h, int hOff, int ldh) {
        int nv = nb - nb % L;
        for (int k = 0; k < nH; k++) {
            int gr = gOff + k * ldg, hr = hOff + k * ldh;
            float bz = bias[k], bh = bias[nH + k];
            for (int j = 0; j < nv; j += L) {
                FloatVector pre = FloatVector.fromArray(S, g, gr + j);
                FloatVector z = sigmoid(pre.add(bz));
                FloatVector hh = tanh(pre.add(bh));
                FloatVector gate = FloatVector.broadcast(S, 1f).sub(z).mul(zeta).add(nu);
                z.mul(FloatVector.fromArray(S, h, hr + j)).add(gate.mul(hh)).intoArray(h, hr + j);
            }
        }
        if (nv < nb) ScalarKernels.fastGrnn(nH, nv, nb, g, gOff, ldg, bias, zeta, nu, h, hOff, ldh);
    }

    static void biasAct(int rows, int nb, float[] y, int yOff, int ldy, float[] bias, int act) {
        int nv = nb - nb % L;
        for (int i = 0; i < rows; i++) {
            int yr = yOff + i * ldy;
            float b = bias[i];
            for (int j = 0; j < nv; j += L) {
                FloatVector v = FloatVector.fromArray(S, y, yr + j).add(b);
                v = switch (act) {
                    case BlockKernels.RELU -> v.max(0f);
                    case BlockKernels.TANH -> tanh(v);
                    case BlockKernels.SIGMOID -> sigmoid(v);
                    default -> v;
                };
                v.intoArray(y, yr + j);
            }
        }
        if (nv < nb) ScalarKernels.biasAct(rows, nv, nb, y, yOff, ldy, bias, act);
    }
}
