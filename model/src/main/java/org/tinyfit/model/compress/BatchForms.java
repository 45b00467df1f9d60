package org.tinyfit.model.compress;

import org.tinyfit.model.kernels.BlockKernels;
import org.tinyfit.model.kernels.Sgemm;
import org.tinyfit.model.net.BatchOp;
import org.tinyfit.model.net.DenseBatch;
import org.tinyfit.model.net.LinearOp;
import org.tinyfit.model.net.PerSampleBatch;

/**
 * Batched forms ({@link BatchOp}) of the compressed techniques, on blocks stored feature-major
 * (row c of X holds input c of nb samples). Float techniques run their structure as products:
 * KP as vec(C X B^T) over the whole block in the op's order, (C X) B^T or C (X B^T), each stage
 * one or a few {@link Sgemm#sgemm} calls; low rank as U (V X); CSR times the block; hybrid and
 * doped KP as their parts. With int8 activations every column is quantized as the per-sample
 * kernels quantize a vector ({@link BlockKernels#quantizeColumns}) and the products run on the
 * codes, whose float sums are exact integers ({@link BlockKernels#EXACT_K}), so the result
 * equals the integer kernels' bit for bit; an inner dimension above that bound falls back to
 * the per-sample kernels.
 */
final class BatchForms {
    private BatchForms() { }

    static float[] codes(QTensor t) {
        int[] q = t.codes();
        float[] f = new float[q.length];
        for (int i = 0; i < q.length; i++) f[i] = q[i];
        return f;
    }

    static boolean exact(int... inner) {
        for (int k : inner) if (k > BlockKernels.EXACT_K) return false;
        return true;
    }

    // ---- dense ----

    static BatchOp dense(QuantDenseOp op) {
        QTensor w = op.w();
        if (!op.runsInt8()) return new DenseBatch(w.values(), w.rows(), w.cols());
        if (!exact(w.cols())) return new PerSampleBatch(op);
        return new Int8Dense(codes(w), w.scale(), w.rows(), w.cols());
    }

    /** Dense int8: Q = quantize(X) per column (scales s), Y = (W_q Q) * (s_w * s). */
    record Int8Dense(float[] wq, float sw, int m, int n) implements BatchOp {
        @Override public int rows() { return m; }
        @Override public int cols() { return n; }
        @Override public int workSize(int nb) { return (n + m + 1) * nb; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            int q = 0, s = n * nb, acc = s + nb;
            BlockKernels.quantizeColumns(n, nb, x, xOff, ldx, work, s, work, q, nb);
            applyCodes(work, q, work, s, y, yOff, ldy, nb, work, acc);
        }

        /** Y = (W_q Q) * (s_w * s) from codes Q (n x nb, ld nb) and column scales; acc holds m*nb floats. */
        void applyCodes(float[] qx, int qOff, float[] sx, int sOff, float[] y, int yOff, int ldy, int nb, float[] w, int acc) {
            Sgemm.sgemm(m, nb, n, wq, 0, n, qx, qOff, nb, w, acc, nb, false);
            BlockKernels.scaleColumns(m, nb, w, acc, nb, sw, sx, sOff, y, yOff, ldy, false);
        }
    }

    // ---- Kronecker ----

    static BatchOp kp(KpOp op) {
        if (!op.runsInt8()) return new KpFloat(op.b().values(), op.c().values(), op.m1(), op.n1(), op.m2(), op.n2(), op.cxFirst());
        if (!exact(op.n1(), op.n2(), op.cols())) return new PerSampleBatch(op);
        return new Kp8(codes(op.b()), op.b().scale(), codes(op.c()), op.c().scale(), op.m1(), op.n1(), op.m2(), op.n2(), op.cxFirst());
    }

    /** Copies X (rows x nb at ld) into a compact block (ld nb) when it is not one; returns the offset to read. */
    static int compact(float[] x, int xOff, int ldx, int rows, int nb, float[] work, int at) {
        for (int r = 0; r < rows; r++) System.arraycopy(x, xOff + r * ldx, work, at + r * nb, nb);
        return at;
    }

    /**
     * Float KP on a block. (C X) B^T: T_j = C X_j (m2 x nb) for each of the n1 blocks X_j of n2
     * rows, stored j-major, then Y (as m1 x (m2 nb)) = B T (T as n1 x (m2 nb)). C (X B^T):
     * Z = B X (X as n1 x (n2 nb)), then Y_i = C Z_i (m2 x nb) for each i.
     */
    record KpFloat(float[] b, float[] c, int m1, int n1, int m2, int n2, boolean cxFirst) implements BatchOp {
        @Override public int rows() { return m1 * m2; }
        @Override public int cols() { return n1 * n2; }
        @Override public int workSize(int nb) { return (cxFirst ? n1 * m2 : m1 * n2) * nb + Math.max(rows(), cols()) * nb; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            int t = 0, tmp = (cxFirst ? n1 * m2 : m1 * n2) * nb;
            if (cxFirst) {
                for (int j = 0; j < n1; j++) Sgemm.sgemm(m2, nb, n2, c, 0, n2, x, xOff + j * n2 * ldx, ldx, work, t + j * m2 * nb, nb, false);
                if (ldy == nb) {
                    Sgemm.sgemm(m1, m2 * nb, n1, b, 0, n1, work, t, m2 * nb, y, yOff, m2 * nb, false);
                } else {
                    Sgemm.sgemm(m1, m2 * nb, n1, b, 0, n1, work, t, m2 * nb, work, tmp, m2 * nb, false);
                    for (int r = 0; r < rows(); r++) System.arraycopy(work, tmp + r * nb, y, yOff + r * ldy, nb);
                }
            } else {
                int xs = ldx == nb ? xOff : compact(x, xOff, ldx, cols(), nb, work, tmp);
                float[] xa = ldx == nb ? x : work;
                Sgemm.sgemm(m1, n2 * nb, n1, b, 0, n1, xa, xs, n2 * nb, work, t, n2 * nb, false);
                for (int i = 0; i < m1; i++) Sgemm.sgemm(m2, nb, n2, c, 0, n2, work, t + i * n2 * nb, nb, y, yOff + i * m2 * ldy, ldy, false);
            }
        }
    }

    /**
     * Int8 KP on codes Q (n x nb, ld nb) with column scales s_x, as {@code Int8Kernels.kpMatvec}:
     * stage one on codes (exact sums), re-quantized per column from acc * (s_first * s_x), stage
     * two on those codes, times s_second * s_t.
     */
    record Kp8(float[] bq, float sb, float[] cq, float sc, int m1, int n1, int m2, int n2, boolean cxFirst) implements BatchOp {
        @Override public int rows() { return m1 * m2; }
        @Override public int cols() { return n1 * n2; }
        int inter() { return cxFirst ? n1 * m2 : m1 * n2; }
        @Override public int workSize(int nb) { return (cols() + 1 + codeWork()) * nb; }
        int codeWork() { return 3 * inter() + 1 + rows(); }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            int q = 0, s = cols() * nb, w = s + nb;
            BlockKernels.quantizeColumns(cols(), nb, x, xOff, ldx, work, s, work, q, nb);
            applyCodes(work, q, work, s, y, yOff, ldy, nb, work, w);
        }

        /** From codes and scales; scratch of {@link #codeWork()} * nb floats at {@code at}. */
        void applyCodes(float[] qx, int qOff, float[] sx, int sOff, float[] y, int yOff, int ldy, int nb, float[] w, int at) {
            int in = inter();
            int acc = at, f = acc + in * nb, qt = f + in * nb, st = qt + in * nb, out = st + nb;
            if (cxFirst) {
                for (int j = 0; j < n1; j++) Sgemm.sgemm(m2, nb, n2, cq, 0, n2, qx, qOff + j * n2 * nb, nb, w, acc + j * m2 * nb, nb, false);
                BlockKernels.scaleColumns(in, nb, w, acc, nb, sc, sx, sOff, w, f, nb, false);
                BlockKernels.quantizeColumns(in, nb, w, f, nb, w, st, w, qt, nb);
                Sgemm.sgemm(m1, m2 * nb, n1, bq, 0, n1, w, qt, m2 * nb, w, out, m2 * nb, false);
                BlockKernels.scaleColumns(rows(), nb, w, out, nb, sb, w, st, y, yOff, ldy, false);
            } else {
                Sgemm.sgemm(m1, n2 * nb, n1, bq, 0, n1, qx, qOff, n2 * nb, w, acc, n2 * nb, false);
                BlockKernels.scaleColumns(in, nb, w, acc, nb, sb, sx, sOff, w, f, nb, false);
                BlockKernels.quantizeColumns(in, nb, w, f, nb, w, st, w, qt, nb);
                for (int i = 0; i < m1; i++) Sgemm.sgemm(m2, nb, n2, cq, 0, n2, w, qt + i * n2 * nb, nb, w, out + i * m2 * nb, nb, false);
                BlockKernels.scaleColumns(rows(), nb, w, out, nb, sc, w, st, y, yOff, ldy, false);
            }
        }
    }

    // ---- hybrid and doped KP ----

    static BatchOp hkp(HkpOp op) {
        KpOp kp = op.kp();
        int r = op.r(), n = op.cols();
        if (!kp.runsInt8()) {
            BatchOp k = kp(kp);
            return new HkpFloat(r == 0 ? null : new DenseBatch(op.a().values(), r, n), k, r);
        }
        if (!exact(kp.n1(), kp.n2(), n)) return new PerSampleBatch(op);
        Int8Dense a = r == 0 ? null : new Int8Dense(codes(op.a()), op.a().scale(), r, n);
        return new Hkp8(a, (Kp8) kp(kp), r);
    }

    record HkpFloat(DenseBatch a, BatchOp kp, int r) implements BatchOp {
        @Override public int rows() { return r + kp.rows(); }
        @Override public int cols() { return kp.cols(); }
        @Override public int workSize(int nb) { return kp.workSize(nb); }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            if (a != null) a.apply(x, xOff, ldx, y, yOff, ldy, nb, work);
            kp.apply(x, xOff, ldx, y, yOff + r * ldy, ldy, nb, work);
        }
    }

    /** Int8 HKP: one quantized input for the dense rows and the KP block, as the per-sample kernel. */
    record Hkp8(Int8Dense a, Kp8 kp, int r) implements BatchOp {
        @Override public int rows() { return r + kp.rows(); }
        @Override public int cols() { return kp.cols(); }
        @Override public int workSize(int nb) { return (cols() + 1 + Math.max(r, kp.codeWork())) * nb; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            int n = cols(), q = 0, s = n * nb, w = s + nb;
            BlockKernels.quantizeColumns(n, nb, x, xOff, ldx, work, s, work, q, nb);
            if (a != null) a.applyCodes(work, q, work, s, y, yOff, ldy, nb, work, w);
            kp.applyCodes(work, q, work, s, y, yOff + r * ldy, ldy, nb, work, w);
        }
    }

    static BatchOp dkp(DkpOp op) {
        KpOp kp = op.kp();
        Csr idx = op.index();
        if (!kp.runsInt8()) return new DkpFloat(kp(kp), idx.rowPtr(), idx.col(), op.overlay().values());
        if (!exact(kp.n1(), kp.n2(), op.cols())) return new PerSampleBatch(op);
        return new Dkp8((Kp8) kp(kp), idx.rowPtr(), idx.col(), codes(op.overlay()), op.overlay().scale());
    }

    /** Y = KP(X), then Y = Y + S X (S X summed from 0 first, as the per-sample kernel). */
    record DkpFloat(BatchOp kp, int[] rowPtr, int[] col, float[] vals) implements BatchOp {
        @Override public int rows() { return kp.rows(); }
        @Override public int cols() { return kp.cols(); }
        @Override public int workSize(int nb) { return rows() * nb + kp.workSize(nb); }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            int m = rows(), sOff = kp.workSize(nb);
            kp.apply(x, xOff, ldx, y, yOff, ldy, nb, work);
            Sgemm.csr(m, rowPtr, col, vals, x, xOff, ldx, nb, work, sOff, nb);
            for (int i = 0; i < m; i++) {
                int yr = yOff + i * ldy, sr = sOff + i * nb;
                for (int j = 0; j < nb; j++) y[yr + j] = y[yr + j] + work[sr + j];
            }
        }
    }

    record Dkp8(Kp8 kp, int[] rowPtr, int[] col, float[] sq, float ss) implements BatchOp {
        @Override public int rows() { return kp.rows(); }
        @Override public int cols() { return kp.cols(); }
        @Override public int workSize(int nb) { return (cols() + 1 + Math.max(rows(), kp.codeWork())) * nb; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            int n = cols(), q = 0, s = n * nb, w = s + nb;
            BlockKernels.quantizeColumns(n, nb, x, xOff, ldx, work, s, work, q, nb);
            kp.applyCodes(work, q, work, s, y, yOff, ldy, nb, work, w);
            Sgemm.csr(rows(), rowPtr, col, sq, work, q, nb, nb, work, w, nb);
            BlockKernels.scaleColumns(rows(), nb, work, w, nb, ss, work, s, y, yOff, ldy, true);
        }
    }

    // ---- low rank ----

    static BatchOp lmf(LmfOp op) {
        QTensor u = op.u(), v = op.v();
        if (!op.runsInt8()) return new LmfFloat(u.values(), v.values(), op.rows(), op.rank(), op.cols());
        if (!exact(op.cols(), op.rank())) return new PerSampleBatch(op);
        return new Lmf8(codes(u), u.scale(), codes(v), v.scale(), op.rows(), op.rank(), op.cols());
    }

    /** T = V X (r x nb), Y = U T. */
    record LmfFloat(float[] u, float[] v, int m, int r, int n) implements BatchOp {
        @Override public int rows() { return m; }
        @Override public int cols() { return n; }
        @Override public int workSize(int nb) { return r * nb; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            Sgemm.sgemm(r, nb, n, v, 0, n, x, xOff, ldx, work, 0, nb, false);
            Sgemm.sgemm(m, nb, r, u, 0, r, work, 0, nb, y, yOff, ldy, false);
        }
    }

    /** Int8 low rank: acc = V_q Q, re-quantized from acc * (s_v s_x), then (U_q Q_t) * (s_u s_t). */
    record Lmf8(float[] uq, float su, float[] vq, float sv, int m, int r, int n) implements BatchOp {
        @Override public int rows() { return m; }
        @Override public int cols() { return n; }
        @Override public int workSize(int nb) { return (n + 1 + 3 * r + 1 + m) * nb; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] w) {
            int q = 0, s = n * nb, acc = s + nb, f = acc + r * nb, qt = f + r * nb, st = qt + r * nb, out = st + nb;
            BlockKernels.quantizeColumns(n, nb, x, xOff, ldx, w, s, w, q, nb);
            Sgemm.sgemm(r, nb, n, vq, 0, n, w, q, nb, w, acc, nb, false);
            BlockKernels.scaleColumns(r, nb, w, acc, nb, sv, w, s, w, f, nb, false);
            BlockKernels.quantizeColumns(r, nb, w, f, nb, w, st, w, qt, nb);
            Sgemm.sgemm(m, nb, r, uq, 0, r, w, qt, nb, w, out, nb, false);
            BlockKernels.scaleColumns(m, nb, w, out, nb, su, w, st, y, yOff, ldy, false);
        }
    }

    // ---- pruned (CSR) ----

    static BatchOp pruned(PrunedOp op) {
        Csr idx = op.index();
        QTensor v = op.values();
        if (!op.runsInt8()) return new CsrFloat(idx.rowPtr(), idx.col(), v.values(), op.rows(), op.cols());
        if (!exact(op.cols())) return new PerSampleBatch(op);
        return new Csr8(idx.rowPtr(), idx.col(), codes(v), v.scale(), op.rows(), op.cols());
    }

    record CsrFloat(int[] rowPtr, int[] col, float[] vals, int m, int n) implements BatchOp {
        @Override public int rows() { return m; }
        @Override public int cols() { return n; }
        @Override public int workSize(int nb) { return 0; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] work) {
            Sgemm.csr(m, rowPtr, col, vals, x, xOff, ldx, nb, y, yOff, ldy);
        }
    }

    record Csr8(int[] rowPtr, int[] col, float[] vq, float sv, int m, int n) implements BatchOp {
        @Override public int rows() { return m; }
        @Override public int cols() { return n; }
        @Override public int workSize(int nb) { return (n + 1 + m) * nb; }

        @Override public void apply(float[] x, int xOff, int ldx, float[] y, int yOff, int ldy, int nb, float[] w) {
            int q = 0, s = n * nb, acc = s + nb;
            BlockKernels.quantizeColumns(n, nb, x, xOff, ldx, w, s, w, q, nb);
            Sgemm.csr(m, rowPtr, col, vq, w, q, nb, nb, w, acc, nb);
            BlockKernels.scaleColumns(m, nb, w, acc, nb, sv, w, s, y, yOff, ldy, false);
        }
    }

    /** For a LinearOp that is not one of ours: the per-sample fallback. */
    static BatchOp of(LinearOp op) { return op.batched(); }
}
