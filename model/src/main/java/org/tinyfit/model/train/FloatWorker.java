package org.tinyfit.model.train;

import java.util.Arrays;
import org.tinyfit.model.kernels.BlockKernels;
import org.tinyfit.model.kernels.Sgemm;
import org.tinyfit.model.net.CellType;

/**
 * Forward and backward through time for one slice of a mini-batch in float32 on the batched
 * kernels ({@link Sgemm}), accumulating gradients into a double {@link TrainModel} of the same
 * shape (the same contract as {@link BatchWorker}, which stays the double-precision reference).
 *
 * <p>Layout: the batched engine's, feature-major (row r of a block holds feature r of the nb
 * samples of the slice; step t's columns are [t*nb, (t+1)*nb) of a sequence buffer). Every
 * product is one {@link Sgemm#sgemm} call: the input projection of all steps at once
 * (W_x X, rows x T*nb), the recurrent product per step (W_h H_{t-1}), the hidden-state gradient
 * per step with the transposed weights made once per mini-batch ({@link Weights}: W^T dY), the
 * weight gradient of all steps at once (dW += dY [X; H]^T with the inputs transposed into
 * rows, one per step and sample) and, for a stacked layer, the input gradient of all steps at
 * once. Biases, recurrent biases and scalars are summed in double.
 *
 * <p>The result of a slice depends on its samples only (fixed operation order), never on the
 * thread that runs it.
 */
final class FloatWorker {
    /**
     * The float snapshot of a model's weights for one mini-batch, shared read-only by the
     * workers: per layer W (rows x cols), W^T (cols x rows), biases, the cell scalars after
     * their sigmoid.
     */
    static final class Weights {
        final float[][] w, wt, b, rb;
        final float[][] sc;

        private Weights(int n) {
            w = new float[n][];
            wt = new float[n][];
            b = new float[n][];
            rb = new float[n][];
            sc = new float[n][];
        }

        static Weights of(TrainModel m) {
            Weights s = new Weights(m.layers.size());
            s.update(m);
            return s;
        }

        /** Refreshes the snapshot from {@code m} (same shapes), reusing the arrays. */
        void update(TrainModel m) {
            for (int k = 0; k < m.layers.size(); k++) {
                TrainModel.L l = m.layers.get(k);
                if (w[k] == null) {
                    w[k] = new float[l.w.length];
                    wt[k] = new float[l.w.length];
                    b[k] = new float[l.b.length];
                    rb[k] = new float[l.rb.length];
                    sc[k] = new float[l.sc.length];
                }
                float[] wk = w[k], tk = wt[k];
                int rows = l.rows, cols = l.cols;
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) {
                        float v = (float) l.w[i * cols + j];
                        wk[i * cols + j] = v;
                        tk[j * rows + i] = v;
                    }
                for (int i = 0; i < l.b.length; i++) b[k][i] = (float) l.b[i];
                for (int i = 0; i < l.rb.length; i++) rb[k][i] = (float) l.rb[i];
                for (int i = 0; i < l.sc.length; i++) sc[k][i] = (float) Dmath.sigmoid(l.sc[i]);
            }
        }
    }

    private final TrainModel m;
    private final int steps;
    private final int nRnn;
    private final int nI0;
    // per RNN layer k (buffers of T*nb columns, hs of (T+1)*nb)
    private final float[][] act;   // rows x T*nb: gate activations (pre-activations before the cell pass)
    private final float[][] cst;   // LSTM: H x T*nb cell state
    private final float[][] tcs;   // LSTM: H x T*nb tanh(c)
    private final float[][] ex;    // GRU lbr: 3H x T*nb, W_h h (h rows: W_h h + rb); GRU: H x T*nb, r * h_prev; FastGRNN: H x T*nb, h~
    private final float[][] hs;    // H x (T+1)*nb, block 0 = 0
    private final float[][] gw;    // rows x ldw float gradient of W (columns padded, see xp and ldw)
    private final int[] xp;        // RNN layer: column of h in the padded layout (I rounded up to 8); dense: 0
    private final int[] ldw;       // row stride of gw, xht and inT: I and H (or a dense layer's inputs) each rounded up to 8
    private final float[] x0;      // I x T*nb (first layer's input) or T*I x nb (no RNN)
    private final float[][] xht;   // per RNN layer, T*nb x ldw: [x_t; h_{t-1}] per row (t, b), zero padding columns
    private final float[][] rht;   // per GRU layer without lbr, T*nb x ceil8(H): (r * h_{t-1}) per row
    private final float[] dPre;    // maxRows x T*nb
    private final float[] dU;      // maxRows x T*nb (GRU lbr: gradient of W_h h)
    private final float[] dSeqA, dSeqB; // maxH x T*nb: gradient arriving at each step's output
    private final float[] dh, dHprev, dC, tmp; // maxH x nb (tmp: maxRows x nb)
    // dense head
    private final float[][] dOut;  // [j] out x nb
    private final float[][] inT;   // per dense layer, nb x ldw: its input, one row per sample
    private final float[] dDense, dDenseIn; // maxOut x nb, maxIn x nb

    FloatWorker(TrainModel m, int maxBatch) {
        this.m = m;
        this.steps = m.arch.steps();
        this.nI0 = m.arch.features();
        int r = 0, maxRows = 1, maxCols = 1, maxH = 1, maxDense = 1;
        for (TrainModel.L l : m.layers) {
            if (l.rnn) {
                r++;
                maxRows = Math.max(maxRows, l.rows);
                maxCols = Math.max(maxCols, l.cols);
                maxH = Math.max(maxH, Math.max(l.out, l.in));
            } else {
                maxDense = Math.max(maxDense, Math.max(l.in, l.out));
            }
        }
        this.nRnn = r;
        int tb = steps * maxBatch;
        act = new float[r][];
        cst = new float[r][];
        tcs = new float[r][];
        ex = new float[r][];
        hs = new float[r][];
        for (int k = 0; k < r; k++) {
            TrainModel.L l = m.layers.get(k);
            act[k] = new float[l.rows * tb];
            if (l.cell == CellType.LSTM) {
                cst[k] = new float[l.out * tb];
                tcs[k] = new float[l.out * tb];
            }
            if (l.cell == CellType.GRU) ex[k] = new float[(l.lbr ? 3 * l.out : l.out) * tb];
            if (l.cell == CellType.FASTGRNN) ex[k] = new float[l.out * tb];
            hs[k] = new float[l.out * (steps + 1) * maxBatch];
        }
        int nl = m.layers.size();
        gw = new float[nl][];
        xp = new int[nl];
        ldw = new int[nl];
        xht = new float[nl][];
        rht = new float[nl][];
        inT = new float[nl][];
        for (int k = 0; k < nl; k++) {
            TrainModel.L l = m.layers.get(k);
            if (l.rnn) {
                xp[k] = ceil8(l.in);
                ldw[k] = xp[k] + ceil8(l.out);
                xht[k] = new float[tb * ldw[k]];
                if (l.cell == CellType.GRU && !l.lbr) rht[k] = new float[tb * ceil8(l.out)];
            } else {
                ldw[k] = ceil8(l.in);
                inT[k] = new float[maxBatch * ldw[k]];
            }
            gw[k] = new float[l.rows * ldw[k]];
        }
        x0 = new float[steps * nI0 * maxBatch];
        dPre = new float[r > 0 ? maxRows * tb : 0];
        boolean lbr = false;
        for (TrainModel.L l : m.layers) lbr |= l.rnn && l.cell == CellType.GRU && l.lbr;
        dU = new float[lbr ? maxRows * tb : 0];
        dSeqA = new float[r > 0 ? maxH * tb : 0];
        dSeqB = new float[r > 1 ? maxH * tb : 0];
        dh = new float[maxH * maxBatch];
        dHprev = new float[maxH * maxBatch];
        dC = new float[maxH * maxBatch];
        tmp = new float[Math.max(maxRows, maxH) * maxBatch];
        int nd = m.layers.size() - r;
        dOut = new float[nd][];
        int maxIn = r == 0 ? steps * nI0 : 1;
        for (int j = 0; j < nd; j++) {
            TrainModel.L l = m.layers.get(r + j);
            dOut[j] = new float[l.out * maxBatch];
            maxIn = Math.max(maxIn, l.in);
            maxDense = Math.max(maxDense, l.out);
        }
        maxIn = Math.max(maxIn, maxDense);
        dDense = new float[maxDense * maxBatch];
        dDenseIn = new float[maxIn * maxBatch];
    }

    /**
     * Forward and backward for samples {@code x[b]} (each steps*features floats at b*per) with
     * labels y, with the weights of {@code wts}. Gradients of (sum of losses) / {@code normaliser}
     * are added to {@code g}.
     */
    BatchWorker.Result run(Weights wts, float[] x, int[] y, int nb, double normaliser, TrainModel g) {
        int per = steps * nI0;
        int tn = steps * nb;
        if (x0.length < per * nb) throw new IllegalArgumentException("batch " + nb + " is larger than the worker's");
        for (float[] a : gw) Arrays.fill(a, 0f);
        // ---------------- input, feature-major
        if (nRnn > 0) {
            for (int b = 0; b < nb; b++)
                for (int t = 0; t < steps; t++)
                    for (int i = 0; i < nI0; i++) x0[i * tn + t * nb + b] = x[b * per + t * nI0 + i];
        } else {
            for (int b = 0; b < nb; b++)
                for (int i = 0; i < per; i++) x0[i * nb + b] = x[b * per + i];
        }
        // ---------------- forward
        for (int k = 0; k < nRnn; k++) forwardRnn(k, wts, nb);
        float[] cur;
        int curOff, curLd, curW;
        if (nRnn == 0) {
            cur = x0; curOff = 0; curLd = nb; curW = per;
        } else {
            cur = hs[nRnn - 1]; curOff = steps * nb; curLd = (steps + 1) * nb; curW = m.layers.get(nRnn - 1).out;
        }
        int nd = m.layers.size() - nRnn;
        for (int j = 0; j < nd; j++) {
            int li = nRnn + j;
            TrainModel.L l = m.layers.get(li);
            float[] o = dOut[j];
            Sgemm.sgemm(l.out, nb, l.in, wts.w[li], 0, l.in, cur, curOff, curLd, o, 0, nb, false);
            BlockKernels.biasAct(l.out, nb, o, 0, nb, wts.b[li], actCode(l));
            cur = o; curOff = 0; curLd = nb; curW = l.out;
        }
        // ---------------- loss: softmax cross-entropy per column, in double
        int classes = curW;
        double loss = 0;
        int correct = 0;
        float[] dl = dDense; // classes x nb
        for (int b = 0; b < nb; b++) {
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < classes; c++) {
                double v = cur[curOff + c * curLd + b];
                if (v > max) { max = v; arg = c; }
            }
            if (arg == y[b]) correct++;
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(cur[curOff + c * curLd + b] - max);
            double lse = max + Math.log(sum);
            loss += lse - cur[curOff + y[b] * curLd + b];
            for (int c = 0; c < classes; c++) {
                double p = Math.exp(cur[curOff + c * curLd + b] - lse);
                dl[c * nb + b] = (float) ((c == y[b] ? p - 1.0 : p) / normaliser);
            }
        }
        // ---------------- backward through the dense layers
        float[] dOutCur = dl;
        for (int j = nd - 1; j >= 0; j--) {
            int li = nRnn + j;
            TrainModel.L l = m.layers.get(li);
            TrainModel.L gl = g.layers.get(li);
            float[] o = dOut[j];
            float[] in;
            int inOff, inLd;
            if (j > 0) { in = dOut[j - 1]; inOff = 0; inLd = nb; }
            else if (nRnn == 0) { in = x0; inOff = 0; inLd = nb; }
            else { in = hs[nRnn - 1]; inOff = steps * nb; inLd = (steps + 1) * nb; }
            // dPre in place of dOutCur (which is dDense or dDenseIn's copy)
            float[] dp = dOutCur;
            int code = actCode(l);
            for (int i = 0; i < l.out; i++) {
                int r0 = i * nb;
                double sb = 0;
                for (int b = 0; b < nb; b++) {
                    float a = o[r0 + b], d = dp[r0 + b];
                    float v = switch (code) {
                        case BlockKernels.RELU -> a > 0f ? d : 0f;
                        case BlockKernels.TANH -> d * (1f - a * a);
                        case BlockKernels.SIGMOID -> d * a * (1f - a);
                        default -> d;
                    };
                    dp[r0 + b] = v;
                    sb += v;
                }
                gl.b[i] += sb;
            }
            int lw = ldw[li];
            Sgemm.transpose(l.in, nb, in, inOff, inLd, inT[li], 0, lw);
            Sgemm.sgemm(l.out, lw, nb, dp, 0, nb, inT[li], 0, lw, gw[li], 0, lw, true);
            if (j == 0 && nRnn == 0) break;
            // dIn = W^T dPre
            float[] dIn = dp == dDense ? dDenseIn : dDense;
            Sgemm.sgemm(l.in, nb, l.out, wts.wt[li], 0, l.out, dp, 0, nb, dIn, 0, nb, false);
            dOutCur = dIn;
        }
        // ---------------- backward through the RNN layers
        if (nRnn > 0) {
            TrainModel.L top = m.layers.get(nRnn - 1);
            float[] dSeq = dSeqA;
            Arrays.fill(dSeq, 0, top.out * tn, 0f);
            for (int u = 0; u < top.out; u++) System.arraycopy(dOutCur, u * nb, dSeq, u * tn + (steps - 1) * nb, nb);
            for (int k = nRnn - 1; k >= 0; k--) {
                float[] below = dSeq == dSeqA ? dSeqB : dSeqA;
                backwardRnn(k, wts, g.layers.get(k), nb, dSeq, k > 0 ? below : null);
                dSeq = below;
            }
        }
        for (int k = 0; k < m.layers.size(); k++) {
            TrainModel.L l = m.layers.get(k);
            double[] gd = g.layers.get(k).w;
            float[] gf = gw[k];
            int lw = ldw[k], n = l.cols, split = l.rnn ? l.in : n, shift = l.rnn ? xp[k] - l.in : 0;
            for (int i = 0; i < l.rows; i++) {
                int d = i * n, f = i * lw;
                for (int j = 0; j < split; j++) gd[d + j] += gf[f + j];
                for (int j = split; j < n; j++) gd[d + j] += gf[f + shift + j];
            }
        }
        return new BatchWorker.Result(loss, correct);
    }

    /** n rounded up to a multiple of 8 (a vector of floats): padded products have no scalar columns. */
    static int ceil8(int n) { return (n + 7) & ~7; }

    private static int actCode(TrainModel.L l) {
        return switch (l.act) {
            case NONE -> BlockKernels.NONE;
            case RELU -> BlockKernels.RELU;
            case TANH -> BlockKernels.TANH;
            case SIGMOID -> BlockKernels.SIGMOID;
        };
    }

    private void forwardRnn(int k, Weights wts, int nb) {
        TrainModel.L l = m.layers.get(k);
        int nI = l.in, nH = l.out, n = l.cols, rows = l.rows;
        int tn = steps * nb, hl = (steps + 1) * nb;
        float[] w = wts.w[k], bias = wts.b[k];
        float[] a = act[k], h = hs[k];
        Arrays.fill(h, 0, nH * hl, 0f);
        // input projection of every step: A = W_x X (rows x T*nb)
        if (k == 0) Sgemm.sgemm(rows, tn, nI, w, 0, n, x0, 0, tn, a, 0, tn, false);
        else Sgemm.sgemm(rows, tn, nI, w, 0, n, hs[k - 1], nb, hl, a, 0, tn, false);
        for (int t = 0; t < steps; t++) {
            int c0 = t * nb;       // this step's columns in T*nb buffers
            int hp = t * nb;       // h_{t-1} in hs
            int hn = (t + 1) * nb; // h_t in hs
            switch (l.cell) {
                case LSTM -> {
                    if (t > 0) Sgemm.sgemm(rows, nb, nH, w, nI, n, h, hp, hl, a, c0, tn, true);
                    float[] c = cst[k], tc = tcs[k];
                    for (int u = 0; u < nH; u++) {
                        int ri = u * tn + c0, rf = (nH + u) * tn + c0, rg = (2 * nH + u) * tn + c0, ro = (3 * nH + u) * tn + c0;
                        BlockKernels.sigmoidBias(a, ri, nb, bias[u]);
                        BlockKernels.sigmoidBias(a, rf, nb, bias[nH + u]);
                        BlockKernels.tanhBias(a, rg, nb, bias[2 * nH + u]);
                        BlockKernels.sigmoidBias(a, ro, nb, bias[3 * nH + u]);
                        int cr = u * tn + c0;
                        for (int b = 0; b < nb; b++) {
                            float cp = t > 0 ? c[cr - nb + b] : 0f;
                            c[cr + b] = a[rf + b] * cp + a[ri + b] * a[rg + b];
                        }
                        System.arraycopy(c, cr, tc, cr, nb);
                        BlockKernels.tanhBias(tc, cr, nb, 0f);
                        int hr = u * hl + hn;
                        for (int b = 0; b < nb; b++) h[hr + b] = a[ro + b] * tc[cr + b];
                    }
                }
                case GRU -> {
                    float[] e = ex[k];
                    if (l.lbr) {
                        // U = W_h h_{t-1} (3H rows), kept (h rows plus rb) for the backward pass
                        Sgemm.sgemm(rows, nb, nH, w, nI, n, h, hp, hl, e, c0, tn, false);
                        float[] rb = wts.rb[k];
                        for (int u = 0; u < nH; u++) {
                            int rz = u * tn + c0, rr = (nH + u) * tn + c0, rh = (2 * nH + u) * tn + c0;
                            for (int b = 0; b < nb; b++) {
                                a[rz + b] += e[rz + b];
                                a[rr + b] += e[rr + b];
                            }
                            BlockKernels.sigmoidBias(a, rz, nb, bias[u]);
                            BlockKernels.sigmoidBias(a, rr, nb, bias[nH + u]);
                            float rbu = rb[u], bh = bias[2 * nH + u];
                            for (int b = 0; b < nb; b++) {
                                float uh = e[rh + b] + rbu;
                                e[rh + b] = uh;
                                a[rh + b] = (a[rh + b] + bh) + a[rr + b] * uh;
                            }
                            BlockKernels.tanhBias(a, rh, nb, 0f);
                            int hr = u * hl;
                            for (int b = 0; b < nb; b++) {
                                float z = a[rz + b];
                                h[hr + hn + b] = (1f - z) * a[rh + b] + z * h[hr + hp + b];
                            }
                        }
                    } else {
                        if (t > 0) Sgemm.sgemm(2 * nH, nb, nH, w, nI, n, h, hp, hl, a, c0, tn, true);
                        for (int u = 0; u < nH; u++) {
                            int rz = u * tn + c0, rr = (nH + u) * tn + c0;
                            BlockKernels.sigmoidBias(a, rz, nb, bias[u]);
                            BlockKernels.sigmoidBias(a, rr, nb, bias[nH + u]);
                            int er = u * tn + c0, hr = u * hl + hp;
                            for (int b = 0; b < nb; b++) e[er + b] = a[rr + b] * h[hr + b];
                        }
                        if (t > 0) Sgemm.sgemm(nH, nb, nH, w, 2 * nH * n + nI, n, e, c0, tn, a, 2 * nH * tn + c0, tn, true);
                        for (int u = 0; u < nH; u++) {
                            int rz = u * tn + c0, rh = (2 * nH + u) * tn + c0;
                            BlockKernels.tanhBias(a, rh, nb, bias[2 * nH + u]);
                            int hr = u * hl;
                            for (int b = 0; b < nb; b++) {
                                float z = a[rz + b];
                                h[hr + hn + b] = (1f - z) * a[rh + b] + z * h[hr + hp + b];
                            }
                        }
                    }
                }
                case FASTRNN -> {
                    if (t > 0) Sgemm.sgemm(rows, nb, nH, w, nI, n, h, hp, hl, a, c0, tn, true);
                    float alpha = wts.sc[k][0], beta = wts.sc[k][1];
                    for (int u = 0; u < nH; u++) {
                        int ra = u * tn + c0, hr = u * hl;
                        BlockKernels.tanhBias(a, ra, nb, bias[u]);
                        for (int b = 0; b < nb; b++) h[hr + hn + b] = beta * h[hr + hp + b] + alpha * a[ra + b];
                    }
                }
                case FASTGRNN -> {
                    // z = sigmoid(pre + b_z) in act, h~ = tanh(pre + b_h) in ex
                    if (t > 0) Sgemm.sgemm(rows, nb, nH, w, nI, n, h, hp, hl, a, c0, tn, true);
                    float zeta = wts.sc[k][0], nu = wts.sc[k][1];
                    float[] e = ex[k];
                    for (int u = 0; u < nH; u++) {
                        int ra = u * tn + c0, hr = u * hl;
                        System.arraycopy(a, ra, e, ra, nb);
                        BlockKernels.sigmoidBias(a, ra, nb, bias[u]);
                        BlockKernels.tanhBias(e, ra, nb, bias[nH + u]);
                        for (int b = 0; b < nb; b++) {
                            float z = a[ra + b];
                            h[hr + hn + b] = z * h[hr + hp + b] + (zeta * (1f - z) + nu) * e[ra + b];
                        }
                    }
                }
            }
        }
    }

    private void backwardRnn(int k, Weights wts, TrainModel.L g, int nb, float[] dSeq, float[] dBelow) {
        TrainModel.L l = m.layers.get(k);
        int nI = l.in, nH = l.out, n = l.cols, rows = l.rows;
        int tn = steps * nb, hl = (steps + 1) * nb;
        float[] a = act[k], h = hs[k], wt = wts.wt[k];
        Arrays.fill(dHprev, 0, nH * nb, 0f);
        Arrays.fill(dC, 0, nH * nb, 0f);
        double dAlpha = 0, dBeta = 0;
        for (int t = steps - 1; t >= 0; t--) {
            int c0 = t * nb, hp = t * nb;
            for (int u = 0; u < nH; u++)
                for (int b = 0; b < nb; b++) dh[u * nb + b] = dSeq[u * tn + c0 + b] + dHprev[u * nb + b];
            switch (l.cell) {
                case LSTM -> {
                    BlockKernels.lstmBackward(nH, nb, a, c0, tn, cst[k], t > 0 ? c0 - nb : -1, tcs[k], c0, dh, 0, nb, dC, 0, dPre);
                    if (t > 0) Sgemm.sgemm(nH, nb, rows, wt, nI * rows, rows, dPre, c0, tn, dHprev, 0, nb, false);
                }
                case GRU -> {
                    float[] e = ex[k];
                    for (int u = 0; u < nH; u++) {
                        int rz = u * tn + c0, rh = (2 * nH + u) * tn + c0, dr = u * nb, hr = u * hl + hp;
                        for (int b = 0; b < nb; b++) {
                            float z = a[rz + b], hh = a[rh + b];
                            float d = dh[dr + b];
                            float dz = d * (h[hr + b] - hh);
                            dPre[rz + b] = dz * z * (1f - z);
                            dPre[rh + b] = d * (1f - z) * (1f - hh * hh);
                        }
                    }
                    if (l.lbr) {
                        for (int u = 0; u < nH; u++) {
                            int rz = u * tn + c0, rr = (nH + u) * tn + c0, rh = (2 * nH + u) * tn + c0;
                            for (int b = 0; b < nb; b++) {
                                float r = a[rr + b];
                                float dph = dPre[rh + b];
                                float dr = dph * e[rh + b];
                                float drp = dr * r * (1f - r);
                                dPre[rr + b] = drp;
                                dU[rz + b] = dPre[rz + b];
                                dU[rr + b] = drp;
                                dU[rh + b] = dph * r;
                            }
                        }
                        if (t > 0) Sgemm.sgemm(nH, nb, rows, wt, nI * rows, rows, dU, c0, tn, dHprev, 0, nb, false);
                    } else {
                        // d(r*h) = W_hh^T dPre_h (H x nb) into tmp
                        if (t > 0) Sgemm.sgemm(nH, nb, nH, wt, nI * rows + 2 * nH, rows, dPre, 2 * nH * tn + c0, tn, tmp, 0, nb, false);
                        else Arrays.fill(tmp, 0, nH * nb, 0f);
                        for (int u = 0; u < nH; u++) {
                            int rr = (nH + u) * tn + c0, hr = u * hl + hp, dr = u * nb;
                            for (int b = 0; b < nb; b++) {
                                float r = a[rr + b];
                                float drh = tmp[dr + b];
                                float dv = drh * h[hr + b];
                                dPre[rr + b] = dv * r * (1f - r);
                                tmp[dr + b] = drh * r;
                            }
                        }
                        if (t > 0) {
                            Sgemm.sgemm(nH, nb, 2 * nH, wt, nI * rows, rows, dPre, c0, tn, dHprev, 0, nb, false);
                            for (int i = 0; i < nH * nb; i++) dHprev[i] += tmp[i];
                        }
                    }
                    // direct path h_t = ... + z h_{t-1}
                    if (t > 0) {
                        for (int u = 0; u < nH; u++) {
                            int rz = u * tn + c0, dr = u * nb;
                            for (int b = 0; b < nb; b++) dHprev[dr + b] += dh[dr + b] * a[rz + b];
                        }
                    }
                }
                case FASTRNN -> {
                    float alpha = wts.sc[k][0], beta = wts.sc[k][1];
                    for (int u = 0; u < nH; u++) {
                        int ra = u * tn + c0, dr = u * nb, hr = u * hl + hp;
                        for (int b = 0; b < nb; b++) {
                            float hh = a[ra + b];
                            float d = dh[dr + b];
                            dAlpha += d * hh;
                            dBeta += d * h[hr + b];
                            dPre[ra + b] = d * alpha * (1f - hh * hh);
                        }
                    }
                    if (t > 0) {
                        Sgemm.sgemm(nH, nb, rows, wt, nI * rows, rows, dPre, c0, tn, dHprev, 0, nb, false);
                        for (int i = 0; i < nH * nb; i++) dHprev[i] += dh[i] * beta;
                    }
                }
                case FASTGRNN -> {
                    float zeta = wts.sc[k][0], nu = wts.sc[k][1];
                    float[] e = ex[k];
                    for (int u = 0; u < nH; u++) {
                        int ra = u * tn + c0, dr = u * nb, hr = u * hl + hp;
                        double sz = 0, sh = 0;
                        for (int b = 0; b < nb; b++) {
                            float z = a[ra + b], hh = e[ra + b];
                            float d = dh[dr + b];
                            float dz = d * (h[hr + b] - zeta * hh);
                            float dhh = d * (zeta * (1f - z) + nu);
                            dAlpha += d * (1f - z) * hh;
                            dBeta += d * hh;
                            float dzp = dz * z * (1f - z);
                            float dhp = dhh * (1f - hh * hh);
                            sz += dzp;
                            sh += dhp;
                            dPre[ra + b] = dzp + dhp;
                            tmp[dr + b] = d * z;
                        }
                        g.b[u] += sz;
                        g.b[nH + u] += sh;
                    }
                    if (t > 0) {
                        Sgemm.sgemm(nH, nb, rows, wt, nI * rows, rows, dPre, c0, tn, dHprev, 0, nb, false);
                        for (int i = 0; i < nH * nb; i++) dHprev[i] += tmp[i];
                    }
                }
            }
        }
        // ---- weight, bias and input gradients of all steps at once
        // padded layout: x in columns [0, xp), h in [xp, xp + H), zero padding, row stride lw
        float[] gW = gw[k], xt = xht[k];
        int lw = ldw[k], x8 = xp[k], h8 = lw - x8;
        Sgemm.transpose(nI, tn, k == 0 ? x0 : hs[k - 1], k == 0 ? 0 : nb, k == 0 ? tn : hl, xt, 0, lw);
        Sgemm.transpose(nH, tn, h, 0, hl, xt, x8, lw);
        if (l.cell == CellType.GRU && l.lbr) {
            Sgemm.sgemm(rows, x8, tn, dPre, 0, tn, xt, 0, lw, gW, 0, lw, true);
            Sgemm.sgemm(rows, h8, tn, dU, 0, tn, xt, x8, lw, gW, x8, lw, true);
            rowSums(dU, 2 * nH, 3 * nH, tn, g.rb, -2 * nH);
        } else if (l.cell == CellType.GRU) {
            float[] rt = rht[k];
            Sgemm.transpose(nH, tn, ex[k], 0, tn, rt, 0, h8);
            Sgemm.sgemm(rows, x8, tn, dPre, 0, tn, xt, 0, lw, gW, 0, lw, true);
            Sgemm.sgemm(2 * nH, h8, tn, dPre, 0, tn, xt, x8, lw, gW, x8, lw, true);
            Sgemm.sgemm(nH, h8, tn, dPre, 2 * nH * tn, tn, rt, 0, h8, gW, 2 * nH * lw + x8, lw, true);
        } else {
            Sgemm.sgemm(rows, lw, tn, dPre, 0, tn, xt, 0, lw, gW, 0, lw, true);
        }
        if (l.cell != CellType.FASTGRNN) rowSums(dPre, 0, rows, tn, g.b, 0);
        if (dBelow != null) Sgemm.sgemm(nI, tn, rows, wt, 0, rows, dPre, 0, tn, dBelow, 0, tn, false);
        if (l.cell == CellType.FASTRNN || l.cell == CellType.FASTGRNN) {
            double s0 = Dmath.sigmoid(l.sc[0]), s1 = Dmath.sigmoid(l.sc[1]);
            g.sc[0] += dAlpha * s0 * (1 - s0);
            g.sc[1] += dBeta * s1 * (1 - s1);
        }
    }

    /** dst[i + shift] += sum over the row's len columns of src row i, for i in [from, to), in double. */
    private static void rowSums(float[] src, int from, int to, int len, double[] dst, int shift) {
        for (int i = from; i < to; i++) {
            double s = 0;
            int r = i * len;
            for (int j = 0; j < len; j++) s += src[r + j];
            dst[i + shift] += s;
        }
    }
}
