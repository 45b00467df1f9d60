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

    /**
     * 256-bit vectors (AVX2 and up). A species the JIT sees as a constant matters: with
     * SPECIES_PREFERRED the vectors of this file were not intrinsified (30x slower on JDK 17).
     */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int L = 8;

    /** Float lanes of the hardware's preferred vectors (0 when the module is absent). */
    static int lanes() { return FloatVector.SPECIES_PREFERRED.length(); }

    /**
     * C = (accumulate ? C : 0) + A B with a register block of 4 rows x 2 vectors: per k,
     * two loads of B, four broadcasts of A, eight fused multiply-adds.
     */
    /**
     * C = (accumulate ? C : 0) + A B. Register blocks of 6 rows x 2 vectors (per k: two loads of B,
     * six broadcasts of A, twelve fused multiply-adds); the remaining rows and columns go to
     * {@link #sgemm4}.
     */
    static void sgemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean acc) {
        int nv = n - n % L;
        int i = 0;
        for (; i + 6 <= m; i += 6) {
            int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
            int c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
            int j = 0;
            for (; j + 2 * L <= nv; j += 2 * L) {
                FloatVector s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51;
                if (acc) {
                    s00 = FloatVector.fromArray(S, c, c0 + j); s01 = FloatVector.fromArray(S, c, c0 + j + L);
                    s10 = FloatVector.fromArray(S, c, c1 + j); s11 = FloatVector.fromArray(S, c, c1 + j + L);
                    s20 = FloatVector.fromArray(S, c, c2 + j); s21 = FloatVector.fromArray(S, c, c2 + j + L);
                    s30 = FloatVector.fromArray(S, c, c3 + j); s31 = FloatVector.fromArray(S, c, c3 + j + L);
                    s40 = FloatVector.fromArray(S, c, c4 + j); s41 = FloatVector.fromArray(S, c, c4 + j + L);
                    s50 = FloatVector.fromArray(S, c, c5 + j); s51 = FloatVector.fromArray(S, c, c5 + j + L);
                } else {
                    s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = s40 = s41 = s50 = s51 = FloatVector.zero(S);
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
                    w = FloatVector.broadcast(S, a[a4 + p]);
                    s40 = w.fma(b0, s40); s41 = w.fma(b1, s41);
                    w = FloatVector.broadcast(S, a[a5 + p]);
                    s50 = w.fma(b0, s50); s51 = w.fma(b1, s51);
                }
                s00.intoArray(c, c0 + j); s01.intoArray(c, c0 + j + L);
                s10.intoArray(c, c1 + j); s11.intoArray(c, c1 + j + L);
                s20.intoArray(c, c2 + j); s21.intoArray(c, c2 + j + L);
                s30.intoArray(c, c3 + j); s31.intoArray(c, c3 + j + L);
                s40.intoArray(c, c4 + j); s41.intoArray(c, c4 + j + L);
                s50.intoArray(c, c5 + j); s51.intoArray(c, c5 + j + L);
            }
            if (j < nv) sgemm4(6, nv - j, k, a, a0, lda, b, bOff + j, ldb, c, c0 + j, ldc, acc);
        }
        if (nv < n && i > 0) ScalarKernels.sgemm(i, n - nv, k, a, aOff, lda, b, bOff + nv, ldb, c, cOff + nv, ldc, acc);
        if (i < m) sgemm4(m - i, n, k, a, aOff + i * lda, lda, b, bOff, ldb, c, cOff + i * ldc, ldc, acc);
    }

    static void sgemm4(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
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

    /** v[off + j] = sigmoid(v[off + j] + b) = 1 / (1 + exp(-(v + b))) for j &lt; len. */
    static void sigmoidBias(float[] v, int off, int len, float b) {
        FloatVector lo = FloatVector.broadcast(S, EXP_LO), hi = FloatVector.broadcast(S, EXP_HI);
        FloatVector log2e = FloatVector.broadcast(S, LOG2E), round = FloatVector.broadcast(S, ScalarKernels.ROUND);
        IntVector bias = IntVector.broadcast(IntVector.SPECIES_256, ScalarKernels.ROUND_BITS - 127);
        FloatVector c1 = FloatVector.broadcast(S, C1), c2 = FloatVector.broadcast(S, C2);
        FloatVector p0 = FloatVector.broadcast(S, P0), p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2);
        FloatVector p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4), p5 = FloatVector.broadcast(S, P5);
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        FloatVector bv = FloatVector.broadcast(S, b);
        int nv = len - len % L;
        for (int j = 0; j < nv; j += L) {
            FloatVector in = FloatVector.fromArray(S, v, off + j).add(bv);
            // e = exp(in.neg()), as ScalarKernels.exp (written out here: vectors passed through a helper were boxed)
            FloatVector x = (in.neg()).max(lo).min(hi);
            FloatVector t = x.mul(log2e).add(round);
            FloatVector pow2 = t.reinterpretAsInts().sub(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector fx = t.sub(round);
            FloatVector r = x.sub(fx.mul(c1)).sub(fx.mul(c2));
            FloatVector z = r.mul(r);
            FloatVector p = r.mul(p0).add(p1).mul(r).add(p2).mul(r).add(p3).mul(r).add(p4).mul(r).add(p5);
            FloatVector e = p.mul(z).add(r).add(one).mul(pow2);
            one.div(e.add(one)).intoArray(v, off + j);
        }
        for (int j = nv; j < len; j++) v[off + j] = ScalarKernels.sigmoid(v[off + j] + b);
    }

    /** v[off + j] = tanh(v[off + j] + b) = 1 - 2 / (1 + exp(2 (v + b))) for j &lt; len. */
    static void tanhBias(float[] v, int off, int len, float b) {
        FloatVector lo = FloatVector.broadcast(S, EXP_LO), hi = FloatVector.broadcast(S, EXP_HI);
        FloatVector log2e = FloatVector.broadcast(S, LOG2E), round = FloatVector.broadcast(S, ScalarKernels.ROUND);
        IntVector bias = IntVector.broadcast(IntVector.SPECIES_256, ScalarKernels.ROUND_BITS - 127);
        FloatVector c1 = FloatVector.broadcast(S, C1), c2 = FloatVector.broadcast(S, C2);
        FloatVector p0 = FloatVector.broadcast(S, P0), p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2);
        FloatVector p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4), p5 = FloatVector.broadcast(S, P5);
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        FloatVector bv = FloatVector.broadcast(S, b);
        int nv = len - len % L;
        for (int j = 0; j < nv; j += L) {
            FloatVector in = FloatVector.fromArray(S, v, off + j).add(bv);
            // e = exp(two.mul(in)), as ScalarKernels.exp (written out here: vectors passed through a helper were boxed)
            FloatVector x = (two.mul(in)).max(lo).min(hi);
            FloatVector t = x.mul(log2e).add(round);
            FloatVector pow2 = t.reinterpretAsInts().sub(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector fx = t.sub(round);
            FloatVector r = x.sub(fx.mul(c1)).sub(fx.mul(c2));
            FloatVector z = r.mul(r);
            FloatVector p = r.mul(p0).add(p1).mul(r).add(p2).mul(r).add(p3).mul(r).add(p4).mul(r).add(p5);
            FloatVector e = p.mul(z).add(r).add(one).mul(pow2);
            one.sub(two.div(e.add(one))).intoArray(v, off + j);
        }
        for (int j = nv; j < len; j++) v[off + j] = ScalarKernels.tanh(v[off + j] + b);
    }

    /**
     * One LSTM step: per unit, the four gate rows through {@link #sigmoidBias} / {@link #tanhBias}
     * in place (G is overwritten), then {@link #lstmCell}; the same operations as
     * {@link ScalarKernels#lstm}, so the same bits. Small methods on purpose: with the five
     * exponentials written out in one method, C2 stopped inlining the vector stores when the
     * method had grown past its inlining budget, and the stores fell back to boxed vectors
     * (a third of int8 inference's time).
     */
    static void lstm(int nH, int nb, float[] g, int gOff, int ldg, float[] bias0,
                     float[] c, int cOff, int ldc, float[] h, int hOff, int ldh) {
        int nv = nb - nb % L;
        if (nv > 0) {
            for (int k = 0; k < nH; k++) {
                int gi = gOff + k * ldg, gf = gi + nH * ldg, gg = gf + nH * ldg, go = gg + nH * ldg;
                sigmoidBias(g, gi, nv, bias0[k]);
                sigmoidBias(g, gf, nv, bias0[nH + k]);
                tanhBias(g, gg, nv, bias0[2 * nH + k]);
                sigmoidBias(g, go, nv, bias0[3 * nH + k]);
                lstmCell(nv, g, gi, gf, gg, go, c, cOff + k * ldc, h, hOff + k * ldh);
            }
        }
        if (nv < nb) ScalarKernels.lstm(nH, nv, nb, g, gOff, ldg, bias0, c, cOff, ldc, h, hOff, ldh);
    }

    /** c = f c + i g, h = o tanh(c) over nv (a multiple of L) columns, from the gate activations. */
    private static void lstmCell(int nv, float[] g, int gi, int gf, int gg, int go, float[] c, int cr, float[] h, int hr) {
        FloatVector lo = FloatVector.broadcast(S, EXP_LO), hi = FloatVector.broadcast(S, EXP_HI);
        FloatVector log2e = FloatVector.broadcast(S, LOG2E), round = FloatVector.broadcast(S, ScalarKernels.ROUND);
        IntVector bias = IntVector.broadcast(IntVector.SPECIES_256, ScalarKernels.ROUND_BITS - 127);
        FloatVector c1 = FloatVector.broadcast(S, C1), c2 = FloatVector.broadcast(S, C2);
        FloatVector p0 = FloatVector.broadcast(S, P0), p1 = FloatVector.broadcast(S, P1), p2 = FloatVector.broadcast(S, P2);
        FloatVector p3 = FloatVector.broadcast(S, P3), p4 = FloatVector.broadcast(S, P4), p5 = FloatVector.broadcast(S, P5);
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        for (int j = 0; j < nv; j += L) {
            FloatVector i = FloatVector.fromArray(S, g, gi + j), f = FloatVector.fromArray(S, g, gf + j);
            FloatVector gt = FloatVector.fromArray(S, g, gg + j), o = FloatVector.fromArray(S, g, go + j);
            FloatVector cv = f.mul(FloatVector.fromArray(S, c, cr + j)).add(i.mul(gt));
            cv.intoArray(c, cr + j);
            FloatVector x = (two.mul(cv)).max(lo).min(hi);
            FloatVector t = x.mul(log2e).add(round);
            FloatVector pow2 = t.reinterpretAsInts().sub(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector fx = t.sub(round);
            FloatVector r = x.sub(fx.mul(c1)).sub(fx.mul(c2));
            FloatVector z = r.mul(r);
            FloatVector p = r.mul(p0).add(p1).mul(r).add(p2).mul(r).add(p3).mul(r).add(p4).mul(r).add(p5);
            FloatVector ec = p.mul(z).add(r).add(one).mul(pow2);
            o.mul(one.sub(two.div(ec.add(one)))).intoArray(h, hr + j);
        }
    }

    /** Backward of one LSTM step, as {@link ScalarKernels#lstmBackward} (only multiplies, adds and subtracts: the same bits). */
    static void lstmBackward(int nH, int nb, float[] a, int aOff, int lda, float[] c, int cpOff, float[] tc, int tcOff,
                             float[] dh, int dhOff, int lddh, float[] dc, int dcOff, float[] dPre) {
        int nv = nb - nb % L;
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        for (int k = 0; k < nH; k++) {
            int ri = aOff + k * lda, rf = ri + nH * lda, rg = rf + nH * lda, ro = rg + nH * lda;
            int cr = tcOff + k * lda, pr = cpOff + k * lda, dr = dhOff + k * lddh, er = dcOff + k * lddh;
            for (int j = 0; j < nv; j += L) {
                FloatVector i = FloatVector.fromArray(S, a, ri + j), f = FloatVector.fromArray(S, a, rf + j);
                FloatVector g = FloatVector.fromArray(S, a, rg + j), o = FloatVector.fromArray(S, a, ro + j);
                FloatVector t = FloatVector.fromArray(S, tc, cr + j);
                FloatVector d = FloatVector.fromArray(S, dh, dr + j);
                FloatVector dcv = FloatVector.fromArray(S, dc, er + j).add(d.mul(o).mul(one.sub(t.mul(t))));
                FloatVector cp = cpOff < 0 ? zero : FloatVector.fromArray(S, c, pr + j);
                dcv.mul(g).mul(i).mul(one.sub(i)).intoArray(dPre, ri + j);
                dcv.mul(cp).mul(f).mul(one.sub(f)).intoArray(dPre, rf + j);
                dcv.mul(i).mul(one.sub(g.mul(g))).intoArray(dPre, rg + j);
                d.mul(t).mul(o).mul(one.sub(o)).intoArray(dPre, ro + j);
                dcv.mul(f).intoArray(dc, er + j);
            }
        }
        if (nv < nb) ScalarKernels.lstmBackward(nH, nv, nb, a, aOff, lda, c, cpOff, tc, tcOff, dh, dhOff, lddh, dc, dcOff, dPre);
    }

    /** s[sOff + j] = max_i |X[i][j]| / 127 for j &lt; nb, as {@link ScalarKernels#scales}. */
    static void scales(int rows, int nb, float[] x, int xOff, int ldx, float[] s, int sOff) {
        int nv = nb - nb % L;
        FloatVector q = FloatVector.broadcast(S, 127f);
        for (int j = 0; j < nv; j += L) {
            FloatVector m = FloatVector.zero(S);
            for (int i = 0; i < rows; i++) m = m.max(FloatVector.fromArray(S, x, xOff + i * ldx + j).abs());
            m.div(q).intoArray(s, sOff + j);
        }
        if (nv < nb) ScalarKernels.scales(rows, nv, nb, x, xOff, ldx, s, sOff);
    }

    /**
     * Q[i][j] = clamp(round(X[i][j] / s[j]), -127, 127) (0 where s[j] = 0), round half away from
     * zero; the truncation is done in float: a = y +- 0.5 clamped to [-128, 128], t = (a + 1.5 * 2^23)
     * - 1.5 * 2^23 rounds to nearest, then one step toward zero where t went past a.
     */
    static void quantize(int rows, int nb, float[] x, int xOff, int ldx, float[] s, int sOff, float[] q, int qOff, int ldq) {
        int nv = nb - nb % L;
        FloatVector zero = FloatVector.zero(S), half = FloatVector.broadcast(S, 0.5f), mhalf = FloatVector.broadcast(S, -0.5f);
        FloatVector lo = FloatVector.broadcast(S, -128f), hi = FloatVector.broadcast(S, 128f);
        FloatVector qlo = FloatVector.broadcast(S, -127f), qhi = FloatVector.broadcast(S, 127f);
        FloatVector round = FloatVector.broadcast(S, ScalarKernels.ROUND), one = FloatVector.broadcast(S, 1f);
        for (int j = 0; j < nv; j += L) {
            FloatVector sv = FloatVector.fromArray(S, s, sOff + j);
            var live = sv.compare(VectorOperators.NE, zero);
            for (int i = 0; i < rows; i++) {
                FloatVector y = FloatVector.fromArray(S, x, xOff + i * ldx + j).div(sv);
                var pos = y.compare(VectorOperators.GE, zero);
                FloatVector a = y.add(mhalf.blend(half, pos)).max(lo).min(hi);
                FloatVector t = a.add(round).sub(round);
                t = t.blend(t.sub(one), pos.and(t.compare(VectorOperators.GT, a)));
                t = t.blend(t.add(one), pos.not().and(t.compare(VectorOperators.LT, a)));
                t.max(qlo).min(qhi).blend(zero, live.not()).intoArray(q, qOff + i * ldq + j);
            }
        }
        if (nv < nb) ScalarKernels.quantize(rows, nv, nb, x, xOff, ldx, s, sOff, q, qOff, ldq);
    }

    /** Y[i][j] (= or +=) X[i][j] * (w * s[j]). */
    static void scaleColumns(int rows, int nb, float[] x, int xOff, int ldx, float w, float[] s, int sOff,
                             float[] y, int yOff, int ldy, boolean add) {
        int nv = nb - nb % L;
        FloatVector wv = FloatVector.broadcast(S, w);
        for (int j = 0; j < nv; j += L) {
            FloatVector m = wv.mul(FloatVector.fromArray(S, s, sOff + j));
            for (int i = 0; i < rows; i++) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + i * ldx + j).mul(m);
                if (add) v = FloatVector.fromArray(S, y, yOff + i * ldy + j).add(v);
                v.intoArray(y, yOff + i * ldy + j);
            }
        }
        if (nv < nb) ScalarKernels.scaleColumns(rows, nv, nb, x, xOff, ldx, w, s, sOff, y, yOff, ldy, add);
    }
}
